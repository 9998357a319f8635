using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace InteractionEngine.Host.Http;

/// <summary>
/// A hash of what a request asks for: method, path and body. A JSON body is hashed in a canonical form (properties
/// sorted, no insignificant white space), so the same request re-serialised by a client's retry has the same hash;
/// any other body is hashed as its bytes.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(string method, string path, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n"));
        sha.AppendData(CanonicalJson(body) ?? body.ToArray());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static byte[]? CanonicalJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) Write(document.RootElement, writer);
            return buffer.ToArray();
        }
        catch (JsonException)
        {
            return null; // not JSON: its bytes are its identity
        }
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
