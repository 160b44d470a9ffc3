using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>
/// The scratch memory of a convolution call: buffers asked for zeroed are zero on every worker however dirty the pool
/// handed them out, the partial sums of the workers that ran are added up, and disposing gives every buffer back.
/// Lengths are primes no other test rents, so the shared pool's contents are this test's own.
/// </summary>
public sealed class ConvScratchTests
{
    [Fact]
    public void ZeroedBuffersAreClearedOnEachWorkerBeforeItRuns()
    {
        const int length = 7919;
        var dirty = BufferPool.Rent(length);
        dirty.AsSpan().Fill(float.NaN);
        BufferPool.Return(dirty);

        using var scratch = new ConvScratch(batch: 8);
        var buffers = scratch.PerWorker(length, zeroed: true);
        var seen = new float[scratch.Workers];
        scratch.Run(8, (worker, start, end) =>
        {
            seen[worker] = buffers[worker].Select(Math.Abs).Sum();
            buffers[worker].AsSpan().Fill(worker + 1);
        });

        Assert.Contains(dirty, buffers);
        Assert.All(seen, sum => Assert.Equal(0f, sum));
    }

    [Fact]
    public void SumIntoAddsThePartialOfEveryWorkerThatRan()
    {
        using var scratch = new ConvScratch(batch: 9);
        var partials = scratch.PerWorker(3, zeroed: true);
        var images = new int[9];
        scratch.Run(9, (worker, start, end) =>
        {
            for (var n = start; n < end; n++)
            {
                images[n]++;
                partials[worker][0] += 1f;
                partials[worker][2] += n;
            }
        });
        var target = new float[] { 10f, 20f, 30f };

        scratch.SumInto(target, partials);

        Assert.All(images, count => Assert.Equal(1, count));
        Assert.Equal([19f, 20f, 30f + 36f], target);
        Assert.All(Enumerable.Range(0, scratch.Workers), w => Assert.True(scratch.Ran(w)));
    }

    [Fact]
    public void DisposeGivesEveryBufferBack()
    {
        const int perWorkerLength = 7907, sharedLength = 7901;
        float[][] perWorker;
        float[] shared;
        using (var scratch = new ConvScratch(batch: 4))
        {
            perWorker = scratch.PerWorker(perWorkerLength);
            shared = scratch.Shared(sharedLength);
        }

        var again = Enumerable.Range(0, perWorker.Length).Select(_ => BufferPool.Rent(perWorkerLength)).ToArray();
        var sharedAgain = BufferPool.Rent(sharedLength);

        Assert.True(perWorker.ToHashSet().SetEquals(again));
        Assert.Same(shared, sharedAgain);
        foreach (var buffer in again) BufferPool.Return(buffer);
        BufferPool.Return(sharedAgain);
    }
}
