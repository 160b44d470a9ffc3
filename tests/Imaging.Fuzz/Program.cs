using DenoiseApi.Imaging;
using DenoiseApi.Imaging.Fuzz;

// Fuzzes the image decoder with mutated corpus files, or with --bench times decode + preprocess.
// dotnet run -c Release --project tests/Imaging.Fuzz -- [--count 100000] [--seed 1] [--bench] [--replay FILE] [--zlib]
// (--zlib: mutated zlib streams through the own inflater and ZLibStream, which must agree)
FuzzOptions options = FuzzOptions.Parse(args);
if (options.Replay is not null)
{
    // Decodes one saved input and prints the full outcome, stack trace included.
    DecodeOutcome outcome = DecodeHarness.Run(File.ReadAllBytes(options.Replay), ImageLimits.Default, options.Watchdog);
    Console.WriteLine($"{outcome.Kind} {outcome.ErrorKind} allocated {outcome.AllocatedBytes:N0} bytes");
    Console.WriteLine(outcome.Exception);
    return outcome.IsAcceptable ? 0 : 1;
}

if (options.Zlib)
{
    return ZlibDifferentialRun.Execute(options);
}

return options.Bench ? Bench.Execute(options) : FuzzRun.Execute(options);
