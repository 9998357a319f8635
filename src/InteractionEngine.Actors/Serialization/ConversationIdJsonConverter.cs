using System.Text.Json;
using System.Text.Json.Serialization;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Serialization;

/// <summary>Writes a conversation id as its "tenant:contact" string, so journal rows read well in SQL.</summary>
public sealed class ConversationIdJsonConverter : JsonConverter<ConversationId>
{
    public override ConversationId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ConversationId.Parse(reader.GetString() ?? throw new JsonException("conversation id is null"));

    public override void Write(Utf8JsonWriter writer, ConversationId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
