using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Projections.ReadModels;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// The Marten store behind the read side: one stream per conversation (string key "tenant:contact"), the
/// engine's JSON conventions, every conversation event under its journal manifest name, and all projections.
/// </summary>
public static class ReadModelStore
{
    public const string DefaultSchema = "read_model";

    /// <param name="searchLanguages">Each tenant's search language (stemming); null: 'simple' for every tenant.</param>
    public static void Configure(StoreOptions options, string connectionString, string schemaName = DefaultSchema,
        SearchLanguages? searchLanguages = null)
    {
        ConfigureEventStore(options, connectionString, schemaName);

        // A projection that cannot apply an event must stop the feed, not silently drift from the journal.
        foreach (var errors in new[] { options.Projections.Errors, options.Projections.RebuildErrors })
        {
            errors.SkipApplyErrors = false;
            errors.SkipUnknownEvents = false;
            errors.SkipSerializationErrors = false;
        }

        ReadModelProjections.Register(options, searchLanguages ?? SearchLanguages.Default);
        ReadModelSchema.Configure(options);
        EngineSchema.Register(options);
    }

    /// <summary>
    /// The event store alone (schema, string streams, Quick appends, headers, JSON, event type names), without the
    /// read models: what <see cref="Configure"/> builds on, and what the load generator's events-only experiment runs.
    /// </summary>
    public static void ConfigureEventStore(StoreOptions options, string connectionString, string schemaName = DefaultSchema)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = schemaName;
        options.Events.DatabaseSchemaName = schemaName;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick appends are about twice as fast; no projection here needs the versions Rich mode hands to inline projections.
        options.Events.AppendMode = EventAppendMode.Quick;
        // The feed keeps each event's journal coordinates (tenant, persistence id, sequence nr) as headers.
        options.Events.MetadataConfig.HeadersEnabled = true;

        // Same shape as InteractionJson (camelCase, enums as names, "tenant:contact" ids, readable emoji),
        // so events read the same in the journal and in Marten's event table.
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.Converters.Add(new ConversationIdJsonConverter());
        });

        // Event type names are the journal manifests, so renaming a CLR type never orphans stored events.
        foreach (var type in Manifests.EventTypes)
            options.Events.MapEventType(type, Manifests.ByType[type]);
    }

    public static DocumentStore Create(string connectionString, string schemaName = DefaultSchema, SearchLanguages? searchLanguages = null) =>
        DocumentStore.For(options => Configure(options, connectionString, schemaName, searchLanguages));
}
