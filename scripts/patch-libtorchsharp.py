#!/usr/bin/env python3
"""Makes TorchSharp's native bridge load on a system whose libstdc++ predates GCC 13 (Debian 12 ships GCC 12's).

libLibTorchSharp.so (TorchSharp 0.107.0) requires GLIBCXX_3.4.32 for one symbol, _ZSt21ios_base_library_initv, which
GCC 13's <iostream> references only to pin the library version; nothing calls it. Without GLIBCXX_3.4.32 the library
does not load and TorchSharp reports a missing libtorch package. The fix, applied to a build output after the copy:
  1. `patchelf --clear-symbol-version _ZSt21ios_base_library_initv` (the reference becomes unversioned);
  2. the version-needed entry (.gnu.version_r, an Elf64_Vernaux) naming GLIBCXX_3.4.32 is rewritten to name
     GLIBCXX_3.4.30 (already in the string table): vna_name to that string's offset, vna_hash to its ELF hash.
Nothing is patched where the libstdc++ the file resolves to already has GLIBCXX_3.4.32 (GCC 13+: Ubuntu 24.04,
Debian 13), nor in a file already patched (idempotent). Exits non-zero with the reason when it cannot patch.

Usage: patch-libtorchsharp.py DIRECTORY   (every libLibTorchSharp.so below it)
"""
import os
import re
import shutil
import struct
import subprocess
import sys

LIBRARY = "libLibTorchSharp.so"
SYMBOL = "_ZSt21ios_base_library_initv"
NEEDED = b"GLIBCXX_3.4.32"
REPLACEMENT = b"GLIBCXX_3.4.30"
SHT_GNU_VERNEED = 0x6FFFFFFE


def fail(message):
    print(f"patch-libtorchsharp: error: {message}", file=sys.stderr)
    sys.exit(1)


def elf_hash(name):
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def sections(data):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    for i in range(shnum):
        yield struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)


def version_needs(data):
    """(file offset of each Elf64_Vernaux, its name, string-table bytes, string-table offset) of .gnu.version_r."""
    table = list(sections(data))
    for (_, sh_type, _, _, offset, _, link, info, _, _) in table:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab_offset, strtab_size = table[link][4], table[link][5]
        strtab = data[strtab_offset:strtab_offset + strtab_size]
        needs = []
        verneed = offset
        for _ in range(info):
            _, count, _, aux, next_need = struct.unpack_from("<HHIII", data, verneed)
            vernaux = verneed + aux
            for _ in range(count):
                _, _, _, name, next_aux = struct.unpack_from("<IHHII", data, vernaux)
                needs.append((vernaux, strtab[name:strtab.index(b"\0", name)]))
                vernaux += next_aux
            verneed += next_need
        return needs, strtab
    return [], b""


def system_libstdcxx(path):
    """The libstdc++ the dynamic linker resolves for this file (from ldd), or None when ldd cannot tell."""
    try:
        out = subprocess.run(["ldd", path], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return None
    match = re.search(r"libstdc\+\+\.so\.6 => (\S+)", out)
    return match.group(1) if match else None


def patch(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    needs, strtab = version_needs(data)
    stale = [offset for offset, name in needs if name == NEEDED]
    if not stale:
        return "already patched" if any(name == REPLACEMENT for _, name in needs) else "needs nothing"
    libstdcxx = system_libstdcxx(path)
    if libstdcxx is None:
        fail(f"cannot find the libstdc++.so.6 that {path} resolves to (ldd); install libstdc++6")
    with open(libstdcxx, "rb") as f:
        if NEEDED + b"\0" in f.read():
            return f"not needed ({libstdcxx} has {NEEDED.decode()})"
    if shutil.which("patchelf") is None:
        fail(f"{libstdcxx} lacks {NEEDED.decode()} and 'patchelf' is not installed: "
             "install the Debian package patchelf (apt-get install patchelf, or scripts/install-deps.sh)")
    result = subprocess.run(["patchelf", "--clear-symbol-version", SYMBOL, path], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"patchelf --clear-symbol-version {SYMBOL} {path} failed: {result.stderr.strip()}")
    with open(path, "rb") as f:
        data = bytearray(f.read())
    needs, strtab = version_needs(data)
    name_offset = strtab.find(REPLACEMENT + b"\0")
    if name_offset < 0:
        fail(f"{path} has no {REPLACEMENT.decode()} string to point its {NEEDED.decode()} requirement at")
    for offset, name in needs:
        if name == NEEDED:
            struct.pack_into("<I", data, offset, elf_hash(REPLACEMENT))
            struct.pack_into("<I", data, offset + 8, name_offset)
    temporary = path + ".patching"
    with open(temporary, "wb") as f:
        f.write(data)
    os.chmod(temporary, os.stat(path).st_mode)
    os.replace(temporary, path)
    return f"patched ({libstdcxx} lacks {NEEDED.decode()})"


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        fail("usage: patch-libtorchsharp.py DIRECTORY")
    found = False
    for root, _, files in os.walk(sys.argv[1]):
        if LIBRARY in files:
            found = True
            path = os.path.join(root, LIBRARY)
            print(f"patch-libtorchsharp: {path}: {patch(path)}")
    if not found:
        print(f"patch-libtorchsharp: no {LIBRARY} below {sys.argv[1]}")


if __name__ == "__main__":
    main()
