import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { BucketClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

let shared: S3Client | undefined;

function s3(): S3Client {
  shared ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return shared;
}

/** Uses `client` for every bucket client made afterwards (tests point it at a local endpoint). */
export function useS3Client(client: S3Client): void {
  shared = client;
}

const decoder = new TextDecoder();

/** A Bucket client on S3. */
export function s3BucketClient(binding: ResourceBinding): BucketClient {
  const Bucket = binding.name;
  return {
    async get(key) {
      try {
        const result = await s3().send(new GetObjectCommand({ Bucket, Key: key }));
        const body = result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
        return { key, body, contentType: result.ContentType, text: () => decoder.decode(body) };
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
        throw error;
      }
    },
    async put(key, body, options) {
      await s3().send(
        new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: options?.contentType }),
      );
    },
    async delete(key) {
      await s3().send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async list(options = {}) {
      const result = await s3().send(
        new ListObjectsV2Command({
          Bucket,
          Prefix: options.prefix,
          ContinuationToken: options.cursor,
          MaxKeys: options.limit ?? 1000,
        }),
      );
      return {
        objects: (result.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0 })),
        cursor: result.IsTruncated ? result.NextContinuationToken : undefined,
      };
    },
  };
}
