#!/usr/bin/env python3
"""Makes files already written into an S3Proxy filesystem store look as if they were uploaded.

Uploading gigabytes through S3Proxy on two shared cores takes minutes (it hashes and verifies
every signed chunk), so bench/run writes the objects straight into the store directory and this
script adds what a PUT would have stored beside them: the MD5 (S3Proxy's ETag) and content type,
as the same extended attributes S3Proxy writes. It also prints a manifest (key, size, md5) that
the verification step compares downloads against.

Usage: seed_store.py BUCKET_DIR PREFIX > manifest.tsv
"""
import hashlib
import os
import sys


def main():
    bucket_dir, prefix = sys.argv[1], sys.argv[2]
    root = os.path.join(bucket_dir, prefix)
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            md5 = hashlib.md5()
            with open(path, "rb") as f:
                while chunk := f.read(8 << 20):
                    md5.update(chunk)
            # The attribute names S3Proxy's filesystem store uses (seen on objects it stored).
            os.setxattr(path, "user.user.content-md5", md5.digest())
            os.setxattr(path, "user.user.content-type", b"application/octet-stream")
            os.setxattr(path, "user.user.storage-tier", b"STANDARD")
            key = os.path.relpath(path, bucket_dir)
            print(f"{key}\t{os.path.getsize(path)}\t{md5.hexdigest()}")


if __name__ == "__main__":
    main()
