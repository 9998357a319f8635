using System.Text;

namespace InteractionEngine.Projections.Queries;

/// <summary>A keyset cursor's own text as one opaque URL-safe token (base64url), and back.</summary>
public static class CursorText
{
    public static string Encode(string raw) => Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor's text, or null when <paramref name="token"/> is not base64url.</summary>
    public static string? Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/')));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
