using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InteractionEngine.Actors.Serialization;

/// <summary>The one JSON shape for everything the engine stores or sends between nodes.</summary>
public static class InteractionJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Emoji and non-Latin text stay readable in the journal instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new ConversationIdJsonConverter());
        options.Converters.Add(new CorrelatedCommandJsonConverter());
        options.Converters.Add(new ConversationEventPersistedJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
