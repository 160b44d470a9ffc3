using Spectre.Console;

namespace DenoiseApi.Training.Reporting.Progress;

/// <summary>Picks the training display a console can show.</summary>
public static class TrainingProgress
{
    /// <summary>
    /// The live progress bar when <paramref name="console"/> is an interactive terminal that understands ANSI escapes
    /// (Spectre's detected capabilities) and the output is not redirected, else the plain epoch lines written to
    /// <paramref name="log"/>. Spectre calls a console interactive when its input is a terminal, even with the output
    /// going to a file (<c>train ... &gt; log.txt</c>), so <paramref name="outputRedirected"/> is checked as well.
    /// </summary>
    public static ITrainingProgress For(IAnsiConsole console, TextWriter log, bool outputRedirected = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(log);
        var capabilities = console.Profile.Capabilities;
        return capabilities.Interactive && capabilities.Ansi && !outputRedirected ? new SpectreTrainingProgress(console) : new PlainTrainingProgress(log);
    }

    /// <summary>The display for the process's own console (<see cref="AnsiConsole.Console"/>), plain lines to stdout when it is redirected or not a terminal.</summary>
    public static ITrainingProgress ForConsole() => For(AnsiConsole.Console, Console.Out, Console.IsOutputRedirected);
}
