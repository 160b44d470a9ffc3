using System.Globalization;
using System.Reflection;
using System.Text.Json;
using DenoiseApi.Errors;

namespace DenoiseApi.Input;

/// <summary>
/// The one place that explains a query value binding refused. Binding throws (RouteHandlerOptions.ThrowOnBadRequest);
/// the exception handler asks here which member of the endpoint's <c>[AsParameters]</c> query could not take its value,
/// and answers 400 invalid-query naming the parameter, what it accepts and what was sent.
/// </summary>
public static class QueryProblems
{
    /// <summary>
    /// The invalid-query failure of a request to <paramref name="endpoint"/> (the exception handler's, which has cleared
    /// the request's own), or null when no query value is at fault.
    /// </summary>
    public static Failure? Explain(HttpContext context, Endpoint? endpoint)
    {
        var handler = endpoint?.Metadata.GetMetadata<MethodInfo>();
        if (handler is null) return null;
        foreach (var (name, type) in QueryMembers(handler))
        {
            var sent = context.Request.Query[name];
            if (sent.Count == 0) continue;
            var text = sent.ToString();
            if (!Accepts(type, text, out var expected)) return Failure.Query($"'{name}' must be {expected}, not '{text}'.");
        }
        return null;
    }

    /// <summary>The query values a handler binds: the members of its <c>[AsParameters]</c> records and its <c>[FromQuery]</c> parameters.</summary>
    private static IEnumerable<(string Name, Type Type)> QueryMembers(MethodInfo handler)
    {
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var member in parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                    yield return (JsonNamingPolicy.CamelCase.ConvertName(member.Name), member.PropertyType);
            }
            else if (parameter.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>() is { } query)
            {
                yield return (query.Name ?? parameter.Name!, parameter.ParameterType);
            }
        }
    }

    /// <summary>Whether binding takes <paramref name="text"/> for a member of <paramref name="type"/>, and what it would take.</summary>
    private static bool Accepts(Type type, string text, out string expected)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryChoice<>))
        {
            expected = (string)type.GetProperty(nameof(QueryChoice<Toggle>.Expected))!.GetValue(null)!;
            var arguments = new object?[] { text, CultureInfo.InvariantCulture, null };
            return (bool)type.GetMethod(nameof(QueryChoice<Toggle>.TryParse), [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])!
                .Invoke(null, arguments)!;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            expected = "a whole number";
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (type == typeof(long) || value is >= int.MinValue and <= int.MaxValue);
        }
        if (type == typeof(double))
        {
            expected = "a number";
            return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
        }
        expected = "";
        return true;
    }
}
