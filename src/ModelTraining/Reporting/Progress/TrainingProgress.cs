using Spectre.Console;

namespace DenoiseApi.Training.Reporting.Progress;

/// <summary>Picks the training display a console can show.</summary>
public static class TrainingProgress
{
    /// <summary>
    /// The live progress bar when <paramref name="console"/> is an interactive terminal that understands ANSI escapes
    /// (Spectre's detected capabilities: false when output is redirected to a file or pipe, or under CI), else the plain
    /// epoch lines written to <paramref name="log"/>.
    /// </summary>
    public static ITrainingProgress For(IAnsiConsole console, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(log);
        var capabilities = console.Profile.Capabilities;
        return capabilities.Interactive && capabilities.Ansi ? new SpectreTrainingProgress(console) : new PlainTrainingProgress(log);
    }

    /// <summary>The display for the process's own console (<see cref="AnsiConsole.Console"/>), plain lines to stdout otherwise.</summary>
    public static ITrainingProgress ForConsole() => For(AnsiConsole.Console, Console.Out);
}
