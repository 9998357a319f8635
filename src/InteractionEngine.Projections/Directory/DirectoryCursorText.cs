using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Projections.Directory;

/// <summary>The directory keyset cursor (the last entry's id) as one opaque URL-safe token, valid only in its tenant.</summary>
public static class DirectoryCursorText
{
    public static string Format(string lastId) => CursorText.Encode(lastId);

    public static string? TryParse(string text, string tenant) =>
        CursorText.Decode(text) is { } id && id.StartsWith(tenant + ":", StringComparison.Ordinal) ? id : null;
}
