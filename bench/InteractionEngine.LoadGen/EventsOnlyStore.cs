using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using InteractionEngine.Actors.Serialization;
using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace InteractionEngine.LoadGen;

/// <summary>
/// For the --read-models events experiment: a Marten store configured like ReadModelStore (same schema name, string
/// streams, Quick appends, headers, JSON, event type names) but with no projection, so the pipeline only appends the
/// events and its checkpoint. Comparing it with the full store separates the event-store cost from the projections'.
/// </summary>
public static class EventsOnlyStore
{
    public static DocumentStore Create(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = "read_model";
        options.Events.DatabaseSchemaName = "read_model";
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.Converters.Add(new ConversationIdJsonConverter());
        });
        foreach (var type in Manifests.EventTypes) options.Events.MapEventType(type, Manifests.ByType[type]);
    });
}
