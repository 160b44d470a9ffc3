using System.Text;

namespace DenoiseApi.Training.Reporting;

/// <summary>A GitHub-flavoured markdown table: a header row, the alignment row (first column left, the others right), rows.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public IReadOnlyList<string> Headers => headers;

    public IReadOnlyList<IReadOnlyList<string>> Rows => rows;

    public MarkdownTable AddRow(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"The table has {headers.Length} columns, the row {cells.Length}.", nameof(cells));
        rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => i == 0 ? " --- " : " ---: ")).AppendLine("|");
        foreach (var row in rows) text.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
