using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;

namespace DenoiseApi.Input;

/// <summary>
/// A query value that must name one member of <typeparamref name="TEnum"/>: its kebab-case name ("salt-pepper" for
/// SaltPepper) or one of its <see cref="QueryAliasAttribute"/> spellings, in any case. ASP.NET Core binds it through
/// <see cref="TryParse(string?, IFormatProvider?, out QueryChoice{TEnum})"/> (its own enum binding is case-sensitive and
/// takes numbers for any member), and the OpenAPI document shows <see cref="Spellings"/> as the parameter's enum.
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
    Justification = "A static TryParse on the bound type is how ASP.NET Core binds a query value; the spellings are per enum.")]
public readonly record struct QueryChoice<TEnum>(TEnum Value) : IParsable<QueryChoice<TEnum>> where TEnum : struct, Enum
{
    private static readonly (string Text, TEnum Value)[] Accepted = [.. typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        .SelectMany(field => new[] { JsonNamingPolicy.KebabCaseLower.ConvertName(field.Name) }
            .Concat(field.GetCustomAttribute<QueryAliasAttribute>()?.Spellings ?? [])
            .Select(text => (text, (TEnum)field.GetValue(null)!)))];

    /// <summary>Every accepted spelling, canonical names first within each member.</summary>
    public static IReadOnlyList<string> Spellings { get; } = [.. Accepted.Select(a => a.Text)];

    /// <summary>"one of a, b, c": what a bad value is told.</summary>
    public static string Expected => $"one of {string.Join(", ", Spellings)}";

    public static bool TryParse(string? s, IFormatProvider? provider, out QueryChoice<TEnum> result)
    {
        var text = s?.Trim();
        foreach (var (spelling, value) in Accepted)
        {
            if (string.Equals(text, spelling, StringComparison.OrdinalIgnoreCase))
            {
                result = new QueryChoice<TEnum>(value);
                return true;
            }
        }
        result = default;
        return false;
    }

    public static QueryChoice<TEnum> Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var result) ? result : throw new FormatException($"'{s}' is not {Expected}.");

    public override string ToString() => JsonNamingPolicy.KebabCaseLower.ConvertName(Value.ToString());
}

/// <summary>Further spellings a <see cref="QueryChoice{TEnum}"/> accepts for an enum member (e.g. "28" for the model's size).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class QueryAliasAttribute(params string[] spellings) : Attribute
{
    public IReadOnlyList<string> Spellings { get; } = spellings;
}
