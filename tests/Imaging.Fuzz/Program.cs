using DenoiseApi.Imaging;
using DenoiseApi.Imaging.Fuzz;

// Fuzzes the upload path (ImageSharp decoding + digit preprocessing) with mutated seed files, or with --bench measures
// decode + preprocess per image with BenchmarkDotNet (arguments after --bench go to BenchmarkDotNet).
// dotnet run -c Release --project tests/Imaging.Fuzz -- [--count 200000] [--seed 1] [--replay FILE]
// dotnet run -c Release --project tests/Imaging.Fuzz -- --bench [--filter *Png28*]
if (args.Length > 0 && args[0] == "--bench")
{
    return UploadPathBenchmarks.Run(args[1..]);
}

FuzzOptions options = FuzzOptions.Parse(args);
if (options.Replay is not null)
{
    // Decodes one saved input and prints the full outcome, stack trace included.
    DecodeOutcome outcome = DecodeHarness.Run(File.ReadAllBytes(options.Replay), ImageLimits.Default, options.Watchdog);
    Console.WriteLine($"{outcome.Kind} {outcome.ErrorKind} allocated {outcome.AllocatedBytes:N0} bytes");
    Console.WriteLine(outcome.Exception);
    return outcome.IsAcceptable ? 0 : 1;
}

return FuzzRun.Execute(options);
