using System.Text.Json;
using System.Text.Json.Serialization;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Serialization;

/// <summary>The event is an interface, so it travels with its manifest: {"persistenceId", "sequenceNr", "manifest", "event", …}.</summary>
public sealed class ConversationEventPersistedJsonConverter : JsonConverter<ConversationEventPersisted>
{
    public override ConversationEventPersisted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return new ConversationEventPersisted(
            root.GetProperty("persistenceId").GetString()!,
            root.GetProperty("sequenceNr").GetInt64(),
            ManifestedValue.Read<IConversationEvent>(root, "event", options),
            root.GetProperty("persistedAt").GetDateTimeOffset(),
            root.TryGetProperty("correlationId", out var correlation) ? correlation.GetString() : null);
    }

    public override void Write(Utf8JsonWriter writer, ConversationEventPersisted value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("persistenceId", value.PersistenceId);
        writer.WriteNumber("sequenceNr", value.SequenceNr);
        ManifestedValue.Write(writer, "event", value.Event, options);
        writer.WriteString("persistedAt", value.PersistedAt);
        if (value.CorrelationId is not null) writer.WriteString("correlationId", value.CorrelationId);
        writer.WriteEndObject();
    }
}
