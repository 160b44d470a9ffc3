#!/usr/bin/python3
"""Regenerates the image corpus of tests/Imaging.Tests with independent encoders.

Needs: Debian python3-pil (PIL 9.4), python3-numpy, imagemagick (convert 6.9), libjpeg-turbo-progs (cjpeg/djpeg 2.1)
and the MNIST test set in the
DenoiseApi cache (scripts/setup.sh). Run from anywhere: /usr/bin/python3 tests/Imaging.Tests/Corpus/generate.py

Every image is written by PIL or ImageMagick, never by DenoiseApi code. Its reference is written by the same tool:
an 8- or 16-bit PGM (gzip-compressed) of the image's luma (ITU-R BT.601 weights: PIL convert("L"), ImageMagick -grayscale Rec601Luma),
transparent images first composited onto white (their visible content is dark ink); for colour JPEGs the
Y channel libjpeg decodes (see jpeg_y_reference). manifest.json lists each file with
the format, size, alpha flag and bit depth the tool wrote, the reference, the tolerance, and the digit it shows.
The generated files are committed, so the tests themselves need neither PIL nor ImageMagick.
"""
import gzip
import json
import os
import struct
import subprocess
import zlib

import numpy as np
from PIL import Image, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("DENOISEAPI_CACHE", os.path.expanduser("~/.cache/denoiseapi"))
CONVERT = "/usr/bin/convert"
entries = []


def mnist_test_digit(index):
    with open(os.path.join(CACHE, "mnist", "t10k-images-idx3-ubyte"), "rb") as f:
        f.seek(16 + 784 * index)
        pixels = np.frombuffer(f.read(784), dtype=np.uint8).reshape(28, 28)
    with open(os.path.join(CACHE, "mnist", "t10k-labels-idx1-ubyte"), "rb") as f:
        f.seek(8 + index)
        label = f.read(1)[0]
    return pixels, int(label)


def path(name):
    return os.path.join(HERE, name)


def magick(*args):
    """Runs convert; -strip drops timestamps and profiles so that regenerating gives the same bytes."""
    subprocess.run([CONVERT, *args[:-1], "-strip", args[-1]], check=True)


def pil_reference(name, background=(255, 255, 255)):
    """Luma reference decoded by PIL: transparent pixels laid over `background`, then convert("L")."""
    im = Image.open(path(name))
    im.load()
    if im.mode in ("RGBA", "LA", "PA") or (im.mode in ("P", "L", "RGB") and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = Image.new("RGBA", im.size, background + (255,))
        flat.alpha_composite(rgba)
        im = flat
    ref = name + ".ref.pgm"
    im.convert("L").save(path(ref))
    return gzip_file(ref)


def jpeg_y_reference(name):
    """Luma of a colour JPEG: its Y channel as libjpeg (through PIL, colour conversion off) decodes it.

    JFIF's Y is BT.601 luma, the quantity wanted; converting to RGB first would clamp out-of-gamut colours that lossy
    compression creates (a black pixel can come back as (39, 0, 19)) and report luma the source never had.
    """
    im = Image.open(path(name))
    im.draft("YCbCr", im.size)
    assert im.mode == "YCbCr", f"{name} did not decode as YCbCr"
    ref = name + ".ref.pgm"
    im.split()[0].save(path(ref))
    return gzip_file(ref)


def cjpeg(name, *args):
    """Encodes png-rgb8.png with libjpeg-turbo's cjpeg."""
    ppm = subprocess.run([CONVERT, path("png-rgb8.png"), "ppm:-"], check=True, capture_output=True).stdout
    with open(path(name), "wb") as f:
        f.write(subprocess.run(["/usr/bin/cjpeg", *args], input=ppm, check=True, capture_output=True).stdout)


def djpeg_reference(name):
    """Luma as libjpeg-turbo's djpeg decodes it: -grayscale (Y, or BT.601 of RGB), -nosmooth (replicating upsampler)."""
    ref = name + ".ref.pgm"
    with open(path(ref), "wb") as f:
        f.write(subprocess.run(["/usr/bin/djpeg", "-grayscale", "-nosmooth", "-pnm", path(name)], check=True,
                               capture_output=True).stdout)
    return gzip_file(ref)


def magick_reference(name, depth=16, background="white"):
    """Luma reference decoded by ImageMagick, at `depth` bits."""
    ref = name + ".ref.pgm"
    magick(path(name), "-background", background, "-alpha", "remove", "-grayscale", "Rec601Luma",
           "-depth", str(depth), path(ref))
    return gzip_file(ref)


def gzip_file(name):
    """Stores a reference gzip-compressed (name.gz) to keep the corpus small; the tests inflate it."""
    with open(path(name), "rb") as f:
        data = f.read()
    os.remove(path(name))
    with gzip.GzipFile(path(name + ".gz"), "wb", mtime=0) as f:
        f.write(data)
    return name + ".gz"


def add(name, fmt, width, height, alpha, depth, reference=None, tolerance=1.0, label=None, expect="decode",
        source="PIL"):
    entries.append({
        "file": name, "format": fmt, "width": width, "height": height, "hasAlpha": alpha, "bitDepth": depth,
        "reference": reference, "tolerance": tolerance, "label": label, "expect": expect, "encoder": source,
    })


# ---- Source material: a real MNIST test digit, framed into an odd-sized canvas with gradients and colour. ----
digit, label = mnist_test_digit(0)
W, H = 37, 29  # odd sizes exercise partial bytes, partial Adam7 blocks and BMP row padding
yy, xx = np.mgrid[0:H, 0:W]
canvas = np.zeros((H, W), dtype=np.uint8)
canvas[0:28, 4:32] = digit
gray = (255 - canvas).astype(np.uint8)  # dark ink on light paper
gray = np.clip(gray.astype(int) - (xx * 2), 0, 255).astype(np.uint8)  # a soft gradient across the paper
rgb = np.stack([gray, np.clip(gray.astype(int) - yy * 3, 0, 255), np.clip(gray.astype(int) - 40 + xx, 0, 255)],
               axis=-1).astype(np.uint8)
alpha = np.clip(canvas.astype(int) + (yy * 255 // (H - 1)) // 2, 0, 255).astype(np.uint8)
ink_rgb = np.zeros((H, W, 3), dtype=np.uint8)
ink_rgb[..., 0] = 20
ink_rgb[..., 1] = 30 + xx
ink_rgb[..., 2] = 90

im_gray = Image.fromarray(gray, "L")
im_rgb = Image.fromarray(rgb, "RGB")
im_rgba = Image.fromarray(np.dstack([ink_rgb, alpha]), "RGBA")  # dark ink, opacity carries the digit
im_la = Image.fromarray(np.dstack([np.full((H, W), 40, np.uint8) + (xx * 2).astype(np.uint8), alpha]), "LA")

# ---- PNG written by PIL ----
im_gray.save(path("png-gray8.png"))
add("png-gray8.png", "Png", W, H, False, 8, pil_reference("png-gray8.png"), label=label)
im_gray.point(lambda v: 255 if v > 127 else 0).convert("1").save(path("png-gray1.png"))
add("png-gray1.png", "Png", W, H, False, 1, pil_reference("png-gray1.png"), label=label)
im_rgb.save(path("png-rgb8.png"))
add("png-rgb8.png", "Png", W, H, False, 8, pil_reference("png-rgb8.png"), label=label)
im_rgba.save(path("png-rgba8.png"))
add("png-rgba8.png", "Png", W, H, True, 8, pil_reference("png-rgba8.png"), label=label)
im_la.save(path("png-graya8.png"))
add("png-graya8.png", "Png", W, H, True, 8, pil_reference("png-graya8.png"), label=label)
im_rgb.quantize(colors=200).save(path("png-palette8.png"))
add("png-palette8.png", "Png", W, H, False, 8, pil_reference("png-palette8.png"), label=label)
im_gray.quantize(colors=16).save(path("png-palette4.png"), bits=4)
add("png-palette4.png", "Png", W, H, False, 4, pil_reference("png-palette4.png"), label=label)
im_gray.quantize(colors=4).save(path("png-palette2.png"), bits=2)
add("png-palette2.png", "Png", W, H, False, 2, pil_reference("png-palette2.png"), label=label)
paletted = im_gray.quantize(colors=32)
palette_luma = paletted.getpalette()[0:96:3]  # gray palette: R = G = B
paletted.save(path("png-palette-trns.png"), transparency=bytes([0 if v > 200 else 255 for v in palette_luma]))
add("png-palette-trns.png", "Png", W, H, True, 8, pil_reference("png-palette-trns.png"), label=label)
im_gray.save(path("png-gray8-trns.png"), transparency=int(gray[0, 0]))
add("png-gray8-trns.png", "Png", W, H, True, 8, pil_reference("png-gray8-trns.png"), label=label)
im_rgb.save(path("png-rgb8-trns.png"), transparency=tuple(int(c) for c in rgb[0, 0]))
add("png-rgb8-trns.png", "Png", W, H, True, 8, pil_reference("png-rgb8-trns.png"), label=label)
Image.fromarray((gray.astype(np.uint32) * 257).astype(np.int32), "I").convert("I;16").save(path("png-gray16.png"))
add("png-gray16.png", "Png", W, H, False, 16, magick_reference("png-gray16.png"), label=label)

# A light digit on a transparent canvas: flattened onto black, the shade that contrasts with it.
light = Image.fromarray(np.dstack([np.full((H, W), 235, np.uint8), canvas]), "LA")
light.save(path("png-graya8-light-ink.png"))
add("png-graya8-light-ink.png", "Png", W, H, True, 8, pil_reference("png-graya8-light-ink.png", (0, 0, 0)),
    label=label)

# ---- PNG written by ImageMagick: low bit depths, 16-bit colour, interlacing ----
src_gray, src_rgb, src_rgba = path("png-gray8.png"), path("png-rgb8.png"), path("png-rgba8.png")
for bits in (2, 4):
    name = f"png-gray{bits}.png"
    magick(src_gray, "-colorspace", "gray", "-depth", str(bits), path(name))
    add(name, "Png", W, H, False, bits, magick_reference(name), 1.0, label, source="ImageMagick")
magick(src_rgb, "-depth", "16", "-evaluate", "multiply", "0.9973", "-define", "png:bit-depth=16",
       "-define", "png:color-type=2", path("png-rgb16.png"))
add("png-rgb16.png", "Png", W, H, False, 16, magick_reference("png-rgb16.png"), 1.0, label, source="ImageMagick")
magick(src_rgba, "-depth", "16", "-define", "png:bit-depth=16", "-define", "png:color-type=6", path("png-rgba16.png"))
add("png-rgba16.png", "Png", W, H, True, 16, magick_reference("png-rgba16.png"), 1.0, label, source="ImageMagick")
magick(path("png-graya8.png"), "-depth", "16", "-define", "png:bit-depth=16", "-define", "png:color-type=4",
       path("png-graya16.png"))
add("png-graya16.png", "Png", W, H, True, 16, magick_reference("png-graya16.png"), 1.0, label, source="ImageMagick")
for base, ctype, depth, alpha_flag in (("gray8", 0, 8, False), ("rgb8", 2, 8, False), ("rgba8", 6, 8, True),
                                       ("gray16", 0, 16, False)):
    name = f"png-{base}-interlaced.png"
    magick(path(f"png-{base}.png"), "-interlace", "PNG", "-define", f"png:bit-depth={depth}",
           "-define", f"png:color-type={ctype}", path(name))
    add(name, "Png", W, H, alpha_flag, depth, magick_reference(name), 1.0, label, source="ImageMagick")
magick(path("png-gray1.png"), "-interlace", "PNG", "-define", "png:bit-depth=1", "-define", "png:color-type=0",
       path("png-gray1-interlaced.png"))
add("png-gray1-interlaced.png", "Png", W, H, False, 1, magick_reference("png-gray1-interlaced.png"), 1.0, label,
    source="ImageMagick")

# ---- JPEG: baseline and progressive, gray and colour, all common chroma subsamplings, restart markers ----
JPEG_TOLERANCE = 1.0  # in 1/255 steps (plus the half step the tests add): the IDCTs differ by rounding only
im_gray.save(path("jpeg-gray-baseline.jpg"), quality=90)
add("jpeg-gray-baseline.jpg", "Jpeg", W, H, False, 8, pil_reference("jpeg-gray-baseline.jpg"), JPEG_TOLERANCE, label)
for sub, tag in ((0, "444"), (1, "422"), (2, "420")):
    name = f"jpeg-rgb-baseline-{tag}.jpg"
    im_rgb.save(path(name), quality=90, subsampling=sub)
    add(name, "Jpeg", W, H, False, 8, jpeg_y_reference(name), JPEG_TOLERANCE, label)
im_rgb.save(path("jpeg-rgb-progressive-420.jpg"), quality=90, subsampling=2, progressive=True)
add("jpeg-rgb-progressive-420.jpg", "Jpeg", W, H, False, 8, jpeg_y_reference("jpeg-rgb-progressive-420.jpg"),
    JPEG_TOLERANCE, label)
im_gray.save(path("jpeg-gray-progressive.jpg"), quality=90, progressive=True)
add("jpeg-gray-progressive.jpg", "Jpeg", W, H, False, 8, pil_reference("jpeg-gray-progressive.jpg"), JPEG_TOLERANCE,
    label)
magick(src_rgb, "-quality", "85", "-interlace", "JPEG", "-sampling-factor", "2x2", path("jpeg-rgb-progressive-im.jpg"))
add("jpeg-rgb-progressive-im.jpg", "Jpeg", W, H, False, 8, jpeg_y_reference("jpeg-rgb-progressive-im.jpg"),
    JPEG_TOLERANCE, label, source="ImageMagick")
magick(src_rgb, "-quality", "85", "-define", "jpeg:restart-interval=1", "-sampling-factor", "2x1",
       path("jpeg-rgb-restart.jpg"))
add("jpeg-rgb-restart.jpg", "Jpeg", W, H, False, 8, jpeg_y_reference("jpeg-rgb-restart.jpg"), JPEG_TOLERANCE,
    label, source="ImageMagick")
magick(src_rgb, "-quality", "85", "-sampling-factor", "4x1", path("jpeg-rgb-411.jpg"))
add("jpeg-rgb-411.jpg", "Jpeg", W, H, False, 8, jpeg_y_reference("jpeg-rgb-411.jpg"), JPEG_TOLERANCE, label,
    source="ImageMagick")
# libjpeg-turbo's cjpeg: RGB without colour transform (Adobe marker), odd sampling that leaves Y below full resolution
# or subsamples RGB, and progressive with restart markers; references from djpeg.
for name, args in (("jpeg-rgb-adobe.jpg", ["-rgb", "-quality", "90"]),
                   ("jpeg-rgb-adobe-subsampled.jpg", ["-rgb", "-sample", "2x1,1x1,1x1", "-quality", "90"]),
                   ("jpeg-ycc-luma-subsampled.jpg", ["-sample", "1x1,2x1,2x1", "-quality", "90"]),
                   ("jpeg-progressive-restart.jpg", ["-progressive", "-restart", "1", "-quality", "85"])):
    cjpeg(name, *args)
    add(name, "Jpeg", W, H, False, 8, djpeg_reference(name), JPEG_TOLERANCE, label, source="cjpeg")
cjpeg("unsupported-arithmetic.jpg", "-arithmetic")
add("unsupported-arithmetic.jpg", "Jpeg", W, H, False, 8, expect="unsupported", source="cjpeg")

# Camera files: pixels stored sideways plus an EXIF orientation tag; references are upright (PIL exif_transpose).
STORE_FOR = {3: Image.Transpose.ROTATE_180, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
             8: Image.Transpose.ROTATE_270}


def exif_reference(name, colour):
    im = Image.open(path(name))
    if colour:
        im.draft("YCbCr", im.size)
    upright = ImageOps.exif_transpose(im)
    ref = name + ".ref.pgm"
    (upright.split()[0] if colour else upright.convert("L")).save(path(ref))
    return gzip_file(ref)


for orientation, base, colour in ((6, im_rgb, True), (8, im_gray, False), (3, im_gray, False), (5, im_rgb, True)):
    name = f"jpeg-exif-orientation-{orientation}.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    base.transpose(STORE_FOR[orientation]).save(path(name), quality=90, exif=exif.tobytes())
    add(name, "Jpeg", W, H, False, 8, exif_reference(name, colour), JPEG_TOLERANCE, label)
im_rgb.save(path("jpeg-rgb-optimized.jpg"), quality=75, optimize=True)
add("jpeg-rgb-optimized.jpg", "Jpeg", W, H, False, 8, jpeg_y_reference("jpeg-rgb-optimized.jpg"), JPEG_TOLERANCE, label)

# ---- BMP: 8-bit palette, 24-bit, 32-bit, bottom-up (the usual) and top-down ----
im_gray.save(path("bmp-8-palette.bmp"))
add("bmp-8-palette.bmp", "Bmp", W, H, False, 8, pil_reference("bmp-8-palette.bmp"), 1.0, label)
im_rgb.save(path("bmp-24.bmp"))
add("bmp-24.bmp", "Bmp", W, H, False, 24, pil_reference("bmp-24.bmp"), 1.0, label)
magick(src_rgb, "-define", "bmp:format=bmp4", "-alpha", "on", "-channel", "A", "-evaluate", "set", "100%",
       "+channel", "-type", "TrueColorAlpha", path("bmp-32.bmp"))
add("bmp-32.bmp", "Bmp", W, H, True, 32, magick_reference("bmp-32.bmp", 8), 1.0, label, source="ImageMagick")
magick(src_rgb, "-type", "Palette", "-colors", "100", "-compress", "none", "BMP3:" + path("bmp3-8-palette.bmp"))
add("bmp3-8-palette.bmp", "Bmp", W, H, False, 8, magick_reference("bmp3-8-palette.bmp", 8), 1.0, label,
    source="ImageMagick")
im_gray.point(lambda v: 255 if v > 127 else 0).convert("1").save(path("bmp-1.bmp"))
add("bmp-1.bmp", "Bmp", W, H, False, 1, pil_reference("bmp-1.bmp"), 1.0, label)
magick(src_gray, "-colors", "16", "-compress", "none", "BMP3:" + path("bmp-4-palette.bmp"))
add("bmp-4-palette.bmp", "Bmp", W, H, False, 4, magick_reference("bmp-4-palette.bmp", 8), 1.0, label,
    source="ImageMagick")
magick(src_rgb, "-define", "bmp:subtype=RGB565", path("bmp-16-565.bmp"))
add("bmp-16-565.bmp", "Bmp", W, H, False, 16, magick_reference("bmp-16-565.bmp", 8), 1.0, label,
    source="ImageMagick")


def top_down_copy(src, dst):
    """BMP writers store rows bottom-up; flips PIL's file to the top-down layout (negative height) byte for byte."""
    with open(path(src), "rb") as f:
        data = bytearray(f.read())
    offset, = struct.unpack_from("<I", data, 10)
    width, height = struct.unpack_from("<ii", data, 18)
    bpp, = struct.unpack_from("<H", data, 28)
    stride = ((width * bpp + 31) // 32) * 4
    rows = [bytes(data[offset + r * stride: offset + (r + 1) * stride]) for r in range(height)]
    data[offset: offset + stride * height] = b"".join(reversed(rows))
    struct.pack_into("<i", data, 22, -height)
    with open(path(dst), "wb") as f:
        f.write(data)


top_down_copy("bmp-24.bmp", "bmp-24-topdown.bmp")
add("bmp-24-topdown.bmp", "Bmp", W, H, False, 24, "bmp-24.bmp.ref.pgm.gz", 1.0, label, source="PIL, rows flipped")

# ---- PGM/PPM: P2, P3 (ASCII), P5, P6 (binary), 8- and 16-bit ----
im_gray.save(path("pnm-p5.pgm"))
add("pnm-p5.pgm", "Pnm", W, H, False, 8, pil_reference("pnm-p5.pgm"), 1.0, label)
im_gray.point(lambda v: 255 if v > 127 else 0).convert("1").save(path("pnm-p4.pbm"))
add("pnm-p4.pbm", "Pnm", W, H, False, 1, pil_reference("pnm-p4.pbm"), 1.0, label)
magick(path("pnm-p4.pbm"), "-compress", "none", path("pnm-p1.pbm"))
add("pnm-p1.pbm", "Pnm", W, H, False, 1, magick_reference("pnm-p1.pbm", 8), 1.0, label, source="ImageMagick")
im_rgb.save(path("pnm-p6.ppm"))
add("pnm-p6.ppm", "Pnm", W, H, False, 8, pil_reference("pnm-p6.ppm"), 1.0, label)
magick(src_gray, "-compress", "none", path("pnm-p2.pgm"))
add("pnm-p2.pgm", "Pnm", W, H, False, 8, magick_reference("pnm-p2.pgm", 8), 1.0, label, source="ImageMagick")
magick(src_rgb, "-compress", "none", path("pnm-p3.ppm"))
add("pnm-p3.ppm", "Pnm", W, H, False, 8, magick_reference("pnm-p3.ppm", 8), 1.0, label, source="ImageMagick")
magick(path("png-gray16.png"), "-depth", "16", path("pnm-p5-16bit.pgm"))
add("pnm-p5-16bit.pgm", "Pnm", W, H, False, 16, magick_reference("pnm-p5-16bit.pgm"), 1.0, label,
    source="ImageMagick")
magick(path("png-rgb16.png"), "-depth", "16", path("pnm-p6-16bit.ppm"))
add("pnm-p6-16bit.ppm", "Pnm", W, H, False, 16, magick_reference("pnm-p6-16bit.ppm"), 1.0, label,
    source="ImageMagick")
magick(path("png-gray16.png"), "-depth", "16", "-compress", "none", path("pnm-p2-16bit.pgm"))
add("pnm-p2-16bit.pgm", "Pnm", W, H, False, 16, magick_reference("pnm-p2-16bit.pgm"), 1.0, label,
    source="ImageMagick")

# ---- A 280x280 photo-like scan: dark ink on light, slightly uneven paper, as a JPEG and a PNG ----
scan_digit, scan_label = mnist_test_digit(1)
big = Image.fromarray(255 - scan_digit, "L").resize((196, 196), Image.BICUBIC).filter(ImageFilter.GaussianBlur(2))
paper = Image.new("L", (280, 280), 0)
rng = np.random.default_rng(5)
paper_pixels = np.clip(225 + rng.normal(0, 2, (280, 280)) + (np.mgrid[0:280, 0:280][1] / 20), 0, 255)
paper = Image.fromarray(paper_pixels.astype(np.uint8), "L")
ink = np.asarray(big, dtype=np.float64) / 255.0
region = np.asarray(paper, dtype=np.float64)[50:246, 38:234]
paper_pixels = np.asarray(paper).copy()
paper_pixels[50:246, 38:234] = np.clip(region * ink + 25 * (1 - ink), 0, 255).astype(np.uint8)
scan = Image.merge("RGB", [Image.fromarray(paper_pixels, "L")] * 3).point(lambda v: v)
scan = Image.fromarray(np.clip(np.asarray(scan, dtype=np.int32) + np.array([8, 4, -6]), 0, 255).astype(np.uint8))
scan.save(path("scan-280-black-on-white.jpg"), quality=88)
add("scan-280-black-on-white.jpg", "Jpeg", 280, 280, False, 8, jpeg_y_reference("scan-280-black-on-white.jpg"),
    JPEG_TOLERANCE, scan_label)
scan.convert("L").save(path("scan-280-black-on-white.png"))
add("scan-280-black-on-white.png", "Png", 280, 280, False, 8, pil_reference("scan-280-black-on-white.png"), 1.0,
    scan_label)

# ---- A 1000x1000 colour photo-like JPEG for the decode benchmark (no reference: it is measured, not compared) ----
photo = scan.resize((1000, 1000), Image.BICUBIC)
photo.save(path("bench-1mp.jpg"), quality=80, subsampling=2)
add("bench-1mp.jpg", "Jpeg", 1000, 1000, False, 8, expect="bench", label=scan_label)

# ---- MNIST digits as the models see them: 28x28 gray-8 PNGs, white on black ----
for index in (0, 1, 2, 3, 4):  # 0: the source of the 37x29 variants; 1: of the 280x280 scan
    pixels, lab = mnist_test_digit(index)
    name = f"mnist-test-{index}.png"
    Image.fromarray(pixels, "L").save(path(name))
    add(name, "Png", 28, 28, False, 8, pil_reference(name), 1.0, lab)

# ---- Formats accepted since decoding moved to ImageSharp, and one that is still refused ----
# A lossless WebP holds exactly png-rgb8's pixels; the GIF is quantised to a palette, so it is checked to show the digit
# rather than against a reference. RLE8 BMPs stay refused: ImageSharp 2.1.13 misplaces their rows.
im_rgb.save(path("webp-lossless.webp"), lossless=True)
add("webp-lossless.webp", "WebP", W, H, False, 8, "png-rgb8.png.ref.pgm.gz", label=label)
im_rgb.save(path("gif-palette.gif"))
add("gif-palette.gif", "Gif", W, H, False, 8, label=label, expect="digit")
magick(src_rgb, "-colors", "16", "-compress", "RLE", "BMP3:" + path("bmp-rle8.bmp"))
add("bmp-rle8.bmp", "Bmp", W, H, False, 8, expect="unsupported", source="ImageMagick")

# ---- A PNG that claims 50,000 x 50,000 pixels: a valid IHDR and CRC, and a few bytes of zlib data ----


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


huge = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 50000, 50000, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 50001 * 4)) + chunk(b"IEND", b""))
with open(path("huge-50000x50000.png"), "wb") as f:
    f.write(huge)
add("huge-50000x50000.png", "Png", 50000, 50000, False, 8, expect="toolarge", source="zlib + struct (header only)")

with open(path("manifest.json"), "w") as f:
    json.dump(entries, f, indent=1)
    f.write("\n")
print(f"{len(entries)} corpus entries written to {HERE}")
