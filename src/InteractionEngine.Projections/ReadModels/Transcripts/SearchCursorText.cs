using System.Globalization;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The search keyset cursor (rank, time, line id) as one opaque URL-safe token.</summary>
public static class SearchCursorText
{
    public static string Format(SearchCursor cursor) =>
        CursorText.Encode($"{cursor.Rank.ToString("R", CultureInfo.InvariantCulture)}|{cursor.At.UtcTicks}|{cursor.LineId}");

    public static SearchCursor? TryParse(string text)
    {
        var parts = CursorText.Decode(text)?.Split('|', 3);
        return parts is { Length: 3 }
               && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[2].Length > 0
            ? new SearchCursor(rank, new DateTimeOffset(ticks, TimeSpan.Zero), parts[2])
            : null;
    }
}
