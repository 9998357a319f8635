using System.Text.Json;
using System.Text.RegularExpressions;

namespace InteractionEngine.Host.Http;

/// <summary>
/// A bad request's detail in the request's own terms. The framework's messages name CLR types
/// ("System.Nullable`1[InteractionEngine.Domain.Conversations.ChannelKind]", "InboundMessageRequest body"), which tell a
/// client nothing it can act on and tell an attacker how the engine is built; this keeps the JSON path or parameter name,
/// the position, and for enums the names they take.
/// </summary>
public static partial class BadRequestDetail
{
    public static string Of(BadHttpRequestException bad, HttpContext http)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return "the body is larger than this endpoint accepts";
        if (bad.InnerException is JsonException json) return OfJson(json);
        var message = bad.Message;
        if (BindFailure().Match(message) is { Success: true } bind)
            return $"query or route parameter '{AsWritten(bind.Groups["name"].Value, http)}' cannot be '{Shorten(bind.Groups["value"].Value)}'" +
                   (EnumNames(bind.Groups["type"].Value, "") is { } names ? $"; use one of {names}" : "");
        if (MissingBody().IsMatch(message)) return "a JSON body is required";
        if (RequiredParameter().Match(message) is { Success: true } required)
            return $"'{required.Groups["name"].Value}' is required";
        if (message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
            return "send the body as JSON with Content-Type: application/json";
        return LooksInternal(message) ? "the request could not be read" : message;
    }

    private static string OfJson(JsonException json)
    {
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        if (string.IsNullOrEmpty(json.Path) || json.Path == "$" || ConvertFailure().Match(json.Message) is not { Success: true } convert)
            return $"the body is not valid JSON{where}";
        return $"'{json.Path}' has a value of the wrong type{where}" +
               (EnumNames(convert.Groups["type"].Value, json.Path) is { } names ? $"; use one of {names}" : "");
    }

    /// <summary>
    /// The names of the enum at <paramref name="path"/>: System.Text.Json names the type it was reading (the request
    /// record, or the enum itself), so the path is followed from there through the properties to the enum.
    /// </summary>
    private static string? EnumNames(string typeText, string path)
    {
        var type = EngineTypes().FirstOrDefault(t => typeText.TrimEnd('.').EndsWith(t.FullName!, StringComparison.Ordinal)
                                                     || typeText.Contains($"[{t.FullName}]", StringComparison.Ordinal));
        if (type is null) return null;
        if (!type.IsEnum)
        {
            foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = segment.Split('[')[0];
                var property = type?.GetProperties().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                type = property is null ? null : ElementOf(property.PropertyType);
                if (type is null) return null;
            }
        }
        type = Nullable.GetUnderlyingType(type!) ?? type;
        return type!.IsEnum ? string.Join(", ", Enum.GetNames(type)) : null;
    }

    private static Type ElementOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return type;
        return type.IsArray ? type.GetElementType()!
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? type;
    }

    private static IEnumerable<Type> EngineTypes() => AppDomain.CurrentDomain.GetAssemblies()
        .Where(a => a.GetName().Name?.StartsWith("InteractionEngine", StringComparison.Ordinal) == true)
        .SelectMany(a => { try { return a.GetTypes(); } catch (System.Reflection.ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); } });

    // [AsParameters] records bind under their property name (PageSize); the client wrote the query name (pageSize).
    private static string AsWritten(string name, HttpContext http) =>
        http.Request.Query.Keys.Concat(http.Request.RouteValues.Keys).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private static bool LooksInternal(string message) =>
        message.Contains('`') || message.Contains("System.", StringComparison.Ordinal) || message.Contains("InteractionEngine.", StringComparison.Ordinal)
        || message.Contains("Nullable<", StringComparison.Ordinal);

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;

    [GeneratedRegex("""Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""(Implicit body inferred for parameter .* but no body was provided|Required parameter ".+" was not provided from body)""")]
    private static partial Regex MissingBody();

    [GeneratedRegex("""Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("""could not be converted to (?<type>\S+)""")]
    private static partial Regex ConvertFailure();
}
