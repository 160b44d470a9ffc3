using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp.Memory;

namespace DenoiseApi.Imaging;

/// <summary>
/// The memory ImageSharp's PNG encoder works in, kept per thread and reused. ImageSharp 2.1.13's deflater takes about
/// 200 KB of working buffers (window, hash head, chain, pending output) for every image it writes, however small, and
/// its pooling allocator rents, pins, unpins and returns each of them: 12.7 us of a /denoise request's CPU for one
/// 28x28 answer (perf record at c=64). Here a buffer of a size the thread has used before is handed out again as is
/// (cleared when ImageSharp asks for clean memory), from the pinned object heap, so pinning is free. Buffers larger
/// than <see cref="LargestReusedBytes"/> come from <see cref="MemoryAllocator.Default"/>. Only the encoder uses this:
/// uploads are decoded through <see cref="AcceptedFormats.Configuration"/>, whose allocator enforces the decode limits.
/// </summary>
internal sealed class EncoderBuffers : MemoryAllocator
{
    /// <summary>The deflater's largest buffer is 64 KB; anything much larger is an image buffer, not working memory.</summary>
    internal const int LargestReusedBytes = 256 * 1024;

    /// <summary>
    /// What one thread keeps: one 28x28 encode asks for about twenty buffers of fifteen sizes, ~260 KB in all; answers of
    /// other sizes add their row buffers. The oldest free buffers go first past this, so a thread pool of 30 holds at
    /// most ~30 MB however the answer sizes vary.
    /// </summary>
    internal const int KeptBytesPerThread = 1024 * 1024;

    [ThreadStatic]
    private static List<byte[]>? _free;

    [ThreadStatic]
    private static int _freeBytes;

    public static EncoderBuffers Instance { get; } = new();

    /// <summary>The bytes of free buffers the calling thread keeps.</summary>
    internal static int FreeBytesOnThisThread => _freeBytes;

    private EncoderBuffers()
    {
    }

    public override IMemoryOwner<T> Allocate<T>(int length, AllocationOptions options = AllocationOptions.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes > LargestReusedBytes)
        {
            return Default.Allocate<T>(length, options);
        }

        var buffer = new Buffer<T>(Take((int)bytes), length);
        if ((options & AllocationOptions.Clean) != 0)
        {
            buffer.GetSpan().Clear();
        }

        return buffer;
    }

    protected override int GetBufferCapacityInBytes() => 4 * 1024 * 1024;

    private static byte[] Take(int bytes)
    {
        var free = _free ??= [];
        for (int i = free.Count - 1; i >= 0; i--)
        {
            if (free[i].Length == bytes)
            {
                byte[] found = free[i];
                free.RemoveAt(i);
                _freeBytes -= bytes;
                return found;
            }
        }

        return GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
    }

    private static void Give(byte[] array)
    {
        var free = _free ??= [];
        free.Add(array);
        _freeBytes += array.Length;
        while (_freeBytes > KeptBytesPerThread)
        {
            _freeBytes -= free[0].Length;
            free.RemoveAt(0);
        }
    }

    /// <summary>A reused byte array seen as <typeparamref name="T"/>s; back to the disposing thread's free list on dispose.</summary>
    private sealed class Buffer<T>(byte[] array, int length) : MemoryManager<T>
        where T : struct
    {
        private byte[]? _array = array;

        public override Span<T> GetSpan() =>
            MemoryMarshal.Cast<byte, T>((_array ?? throw new ObjectDisposedException(nameof(EncoderBuffers))).AsSpan()).Slice(0, length);

        // The array lives on the pinned object heap: it never moves, so there is nothing to pin.
        public override unsafe MemoryHandle Pin(int elementIndex = 0) =>
            new(Marshal.UnsafeAddrOfPinnedArrayElement(_array ?? throw new ObjectDisposedException(nameof(EncoderBuffers)), elementIndex * Unsafe.SizeOf<T>()).ToPointer());

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                Give(array);
            }
        }
    }
}
