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
        var type = Manifests.TypeOf<IConversationCommand>(root.GetProperty("manifest").GetString()!);
        var command = (IConversationCommand)root.GetProperty("command").Deserialize(type, options)!;
        return new CorrelatedCommand(command, root.GetProperty("correlationId").GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, CorrelatedCommand value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("correlationId", value.CorrelationId);
        writer.WriteString("manifest", Manifests.ByType[value.Command.GetType()]);
        writer.WritePropertyName("command");
        JsonSerializer.Serialize(writer, value.Command, value.Command.GetType(), options);
        writer.WriteEndObject();
    }
}
