using System.Text.Json;
using System.Text.Json.Serialization;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Serialization;

/// <summary>The wrapped command is an interface, so it travels with its manifest: {"correlationId", "manifest", "command"}.</summary>
public sealed class CorrelatedCommandJsonConverter : JsonConverter<CorrelatedCommand>
{
    public override CorrelatedCommand Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return new CorrelatedCommand(ManifestedValue.Read<IConversationCommand>(root, "command", options), root.GetProperty("correlationId").GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, CorrelatedCommand value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("correlationId", value.CorrelationId);
        ManifestedValue.Write(writer, "command", value.Command, options);
        writer.WriteEndObject();
    }
}
