using System.Text.RegularExpressions;

namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>One Dockerfile instruction, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>One build stage: its base image, its name and its instructions.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>Every ENV of the stage (later ones win), values unquoted.</summary>
    public Dictionary<string, string?> Environment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var instruction in All("ENV"))
        {
            foreach (Match m in DockerfileModel.KeyValue().Matches(instruction.Arguments))
                env[m.Groups["key"].Value] = DockerfileModel.Unquote(m.Groups["value"].Value);
        }
        return env;
    }

    /// <summary>The context sources of COPY/ADD instructions without --from (what the build context must contain).</summary>
    public IEnumerable<string> ContextSources() => Instructions
        .Where(i => i.Keyword is "COPY" or "ADD" && !i.Arguments.Contains("--from=", StringComparison.Ordinal))
        .SelectMany(i => DockerfileModel.Words(i.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));
}

/// <summary>A parsed Dockerfile: global ARGs and stages.</summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerInstruction> globalArgs, IReadOnlyList<DockerStage> stages)
    {
        GlobalArgs = globalArgs;
        Stages = stages;
    }

    public IReadOnlyList<DockerInstruction> GlobalArgs { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The image the build produces (the last stage).</summary>
    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    /// <summary>The default value of an ARG declared anywhere in the file.</summary>
    public string? ArgDefault(string name) => GlobalArgs.Concat(Stages.SelectMany(s => s.All("ARG")))
        .Select(a => a.Arguments.Split('=', 2))
        .Where(p => p[0] == name && p.Length == 2)
        .Select(p => p[1]).FirstOrDefault();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    internal static partial Regex KeyValue();

    internal static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    internal static IEnumerable<string> Words(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static DockerfileModel Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = i;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                i++;
                var next = lines[i].Trim();
                if (next.StartsWith('#')) continue;
                text = text[..^1].TrimEnd() + " " + next;
            }
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : text[(space + 1)..].Trim(), start + 1));
        }

        var globalArgs = instructions.TakeWhile(x => x.Keyword != "FROM").ToList();
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in instructions.Skip(globalArgs.Count))
        {
            if (instruction.Keyword == "FROM")
            {
                var words = Words(instruction.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                current = [];
                var name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add(new DockerStage(words[0], name, current));
                continue;
            }
            current!.Add(instruction);
        }
        if (stages.Count == 0) throw new InvalidDataException($"{path} has no FROM.");
        return new DockerfileModel(globalArgs, stages);
    }
}
