using System.Globalization;
using System.Text;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Host.Conversations;

/// <summary>The search keyset cursor (rank, time, line id) as one opaque URL-safe token.</summary>
public static class SearchCursorText
{
    public static string Format(SearchCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{cursor.Rank.ToString("R", CultureInfo.InvariantCulture)}|{cursor.At.UtcTicks}|{cursor.LineId}"))
            .Replace('+', '-').Replace('/', '_');

    public static SearchCursor? TryParse(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'))).Split('|', 3);
            return parts.Length == 3
                   && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[2].Length > 0
                ? new SearchCursor(rank, new DateTimeOffset(ticks, TimeSpan.Zero), parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
