using System.Globalization;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Cli.Infrastructure;

/// <summary>Option values as the user typed them, each rejected with one clear line.</summary>
public static class Parse
{
    public static DateTimeOffset Time(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new CliException($"{option} needs a time (ISO 8601, e.g. 2026-11-25T10:00:00Z)");
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) return DateTimeOffset.UtcNow;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
            return time;
        throw new CliException($"bad time '{text}' for {option}: use ISO 8601, e.g. 2026-11-25T10:00:00Z or 2026-11-25");
    }

    public static DateTimeOffset? OptionalTime(string? text, string option) => text is null ? null : Time(text, option);

    public static (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to)
    {
        var range = (From: Time(from, "--from"), To: Time(to, "--to"));
        if (range.From > range.To) throw new CliException($"--from ({from}) is after --to ({to})");
        return range;
    }

    public static string Tenant(string? tenant) =>
        ConversationId.IsValidPart(tenant) ? tenant! : throw new CliException($"'{tenant}' is not a tenant id (1-128 letters, digits or . _ - + @)");

    public static string Contact(string? contact) =>
        ConversationId.IsValidPart(contact) ? contact! : throw new CliException($"'{contact}' is not a contact id (1-128 letters, digits or . _ - + @)");

    public static MediaType? Media(string? text) => text?.Replace("-", "").Replace("_", "").ToLowerInvariant() switch
    {
        null => null,
        "chat" => MediaType.Chat,
        "openmedia" => MediaType.OpenMedia,
        _ => throw new CliException($"unknown media '{text}': use chat or open-media"),
    };

    public static ChannelKind? Channel(string? text)
    {
        if (text is null) return null;
        return Enum.TryParse<ChannelKind>(text.Replace("-", "").Replace("_", ""), ignoreCase: true, out var channel) && Enum.IsDefined(channel)
            ? channel
            : throw new CliException($"unknown channel '{text}': use one of {string.Join(", ", Enum.GetNames<ChannelKind>())}");
    }
}
