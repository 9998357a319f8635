using System.Collections.Concurrent;
using System.Reflection;
using InteractionEngine.Actors.Serialization;
using JasperFx.Events;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Wraps event data in Marten's generic <see cref="Event{T}"/> of its runtime type, named as the store maps it (the
/// journal manifest) and as Marten records the CLR type. Everything per type is worked out once: this runs per event.
/// </summary>
internal static class EventWrappers
{
    private static readonly ConcurrentDictionary<Type, EventType> ByType = new();

    public static IEvent Wrap(object data)
    {
        var type = ByType.GetOrAdd(data.GetType(), Create);
        var e = type.Wrap(data);
        e.EventTypeName = type.Name;
        e.DotNetTypeName = type.DotNetName;
        return e;
    }

    private static EventType Create(Type type) => new(
        (Func<object, IEvent>)typeof(EventWrappers).GetMethod(nameof(WrapAs), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate(typeof(Func<object, IEvent>)),
        Manifests.ByType[type],
        $"{type.FullName}, {type.Assembly.GetName().Name}");

    private static IEvent WrapAs<T>(object data) where T : notnull => new Event<T>((T)data);

    private sealed record EventType(Func<object, IEvent> Wrap, string Name, string DotNetName);
}
