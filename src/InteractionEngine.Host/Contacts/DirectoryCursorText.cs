using System.Text;

namespace InteractionEngine.Host.Contacts;

/// <summary>The directory keyset cursor (the last entry's id) as one opaque URL-safe token, valid only in its tenant.</summary>
public static class DirectoryCursorText
{
    public static string Format(string lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastId)).Replace('+', '-').Replace('/', '_');

    public static string? TryParse(string text, string tenant)
    {
        try
        {
            var id = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/')));
            return id.StartsWith(tenant + ":", StringComparison.Ordinal) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
