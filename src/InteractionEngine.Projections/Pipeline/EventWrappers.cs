using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>Wraps event data in Marten's generic <see cref="Event{T}"/> of its runtime type (one compiled delegate per type).</summary>
internal static class EventWrappers
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEvent>> ByType = new();

    public static IEvent Wrap(object data) => ByType.GetOrAdd(data.GetType(), Create)(data);

    private static Func<object, IEvent> Create(Type type) =>
        (Func<object, IEvent>)typeof(EventWrappers).GetMethod(nameof(WrapAs), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate(typeof(Func<object, IEvent>));

    private static IEvent WrapAs<T>(object data) where T : notnull => new Event<T>((T)data);
}
