#!/usr/bin/python3
"""Writes one MNIST test digit as an 8-bit grayscale PNG and prints its label.

Usage: mnist_digit_png.py <mnist-dir> <index> <out.png>
Reads t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (as scripts/setup.sh caches them); standard library only.
"""
import struct
import sys
import zlib


def read_digit(mnist_dir, index):
    with open(f"{mnist_dir}/t10k-images-idx3-ubyte", "rb") as images:
        magic, count, rows, cols = struct.unpack(">IIII", images.read(16))
        if magic != 2051 or not 0 <= index < count:
            raise SystemExit(f"not an IDX image file or index {index} out of range")
        images.seek(16 + index * rows * cols)
        pixels = images.read(rows * cols)
    with open(f"{mnist_dir}/t10k-labels-idx1-ubyte", "rb") as labels:
        magic, count = struct.unpack(">II", labels.read(8))
        if magic != 2049:
            raise SystemExit("not an IDX label file")
        labels.seek(8 + index)
        label = labels.read(1)[0]
    return rows, cols, pixels, label


def png(width, height, gray):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + gray[y * width:(y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    mnist_dir, index, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rows, cols, pixels, label = read_digit(mnist_dir, index)
    with open(out, "wb") as f:
        f.write(png(cols, rows, pixels))
    print(label)


if __name__ == "__main__":
    main()
