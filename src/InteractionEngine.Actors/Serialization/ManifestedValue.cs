using System.Text.Json;

namespace InteractionEngine.Actors.Serialization;

/// <summary>
/// An interface-typed value inside a wrapper's JSON travels with its manifest: {"manifest": "…", "&lt;property&gt;": {…}}.
/// The wrappers' converters write and read that pair here.
/// </summary>
internal static class ManifestedValue
{
    private const string ManifestProperty = "manifest";

    public static void Write(Utf8JsonWriter writer, string property, object value, JsonSerializerOptions options)
    {
        writer.WriteString(ManifestProperty, Manifests.ByType[value.GetType()]);
        writer.WritePropertyName(property);
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }

    /// <summary>The value of <paramref name="property"/>, refused when its manifest is unknown or not a <typeparamref name="TBase"/>.</summary>
    public static TBase Read<TBase>(JsonElement wrapper, string property, JsonSerializerOptions options)
    {
        var manifest = wrapper.GetProperty(ManifestProperty).GetString()!;
        var type = Manifests.ByManifest.TryGetValue(manifest, out var t) && typeof(TBase).IsAssignableFrom(t)
            ? t
            : throw new JsonException($"unknown {typeof(TBase).Name} manifest '{manifest}'");
        return (TBase)wrapper.GetProperty(property).Deserialize(type, options)!;
    }
}
