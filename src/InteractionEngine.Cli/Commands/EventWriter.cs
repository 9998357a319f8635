using System.Text;
using System.Text.Json;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Cli.Commands;

public enum ExportFormat
{
    Jsonl,
    Csv,
}

/// <summary>
/// Writes exported events one at a time as they are read (JSON lines or CSV), so an export of any size runs in
/// constant memory; <paramref name="progress"/> is told the running count every <see cref="ProgressEvery"/> events.
/// </summary>
public static class EventWriter
{
    public const int ProgressEvery = 1_000;
    public const string CsvHeader = "position,conversation_id,contact,version,type,at,data,internal";

    public static async Task<long> WriteAsync(IAsyncEnumerable<ExportedEvent> events, TextWriter output, ExportFormat format,
        Action<long>? progress, CancellationToken ct)
    {
        if (format == ExportFormat.Csv) await output.WriteLineAsync(CsvHeader);
        var count = 0L;
        await foreach (var e in events.WithCancellation(ct))
        {
            await output.WriteLineAsync(format == ExportFormat.Csv ? Csv(e) : JsonLine(e));
            if (++count % ProgressEvery == 0) progress?.Invoke(count);
        }
        await output.FlushAsync(ct);
        progress?.Invoke(count);
        return count;
    }

    internal static string Csv(ExportedEvent e)
    {
        var contact = e.ConversationId[(e.ConversationId.IndexOf(':') + 1)..];
        return string.Join(',', e.Position, Field(e.ConversationId), Field(contact), e.Version, Field(e.Type),
            e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"), Field(e.Data.GetRawText()), e.Internal ? "true" : "false");
    }

    /// <summary>
    /// {position, conversationId, version, type, at, data, internal} (the HTTP event stream's shape), with the payload written as
    /// stored: serializing it again would escape every emoji as a surrogate pair.
    /// </summary>
    public static string JsonLine(ExportedEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512 + e.Data.GetRawText().Length * 2);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("position", e.Position);
            writer.WriteString("conversationId", e.ConversationId);
            writer.WriteNumber("version", e.Version);
            writer.WriteString("type", e.Type);
            writer.WriteString("at", e.At);
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data.GetRawText(), skipInputValidation: true);
            writer.WriteBoolean("internal", e.Internal); // private notes: for agents only
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 4180: quote fields with separators, quotes or line breaks; double the quotes.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : new StringBuilder("\"").Append(value.Replace("\"", "\"\"")).Append('"').ToString();
}
