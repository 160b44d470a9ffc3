// libtorch's default generator is process-wide: tests that seed it (manual_seed) and draw from it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
