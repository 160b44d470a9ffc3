using System.CommandLine;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// Where a training command writes each model's report: <c>--reports &lt;dir&gt;</c> (one subfolder per model; default
/// <c>reports/</c> beside the model repository root), or none with <c>--no-report</c>.
/// </summary>
internal sealed class ReportOptions
{
    private readonly Option<string?> reports = new("--reports") { Description = "Folder for the run's reports, one subfolder per model (default: reports/ beside the --out repository)." };
    private readonly Option<bool> noReport = new("--no-report") { Description = "Write no report (loss curves, test digits, results table)." };

    public void AddTo(Command command)
    {
        command.Options.Add(reports);
        command.Options.Add(noReport);
    }

    /// <summary>
    /// The report folder of a model by name, or null when reports are off: <c>--no-report</c>, or no <c>--reports</c>
    /// when <paramref name="byDefault"/> is false (quick experiments on part of the data report only when asked).
    /// </summary>
    public Func<string, string?> Read(ParseResult parse, string outputRoot, bool byDefault = true)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var chosen = parse.GetValue(reports);
        if (parse.GetValue(noReport) || (chosen is null && !byDefault)) return _ => null;
        var root = chosen ?? DefaultRoot(outputRoot);
        return name => Path.Combine(root, name);
    }

    /// <summary>reports/ in the folder that holds the model repository root.</summary>
    public static string DefaultRoot(string outputRoot) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputRoot)) ?? ".", "reports");
}
