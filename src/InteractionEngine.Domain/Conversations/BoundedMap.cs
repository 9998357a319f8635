using System.Collections.Immutable;

namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// An immutable map that forgets its oldest keys past a capacity. Idempotency keys and delivery
/// statuses must be remembered, but a conversation that lives for years must not grow without bound.
/// </summary>
public sealed record BoundedMap<TKey, TValue>(int Capacity, ImmutableDictionary<TKey, TValue> Items, ImmutableQueue<TKey> Order)
    where TKey : notnull
{
    public static BoundedMap<TKey, TValue> Empty(int capacity) => new(capacity, ImmutableDictionary<TKey, TValue>.Empty, ImmutableQueue<TKey>.Empty);

    public int Count => Items.Count;

    public bool TryGet(TKey key, out TValue value) => Items.TryGetValue(key, out value!);

    /// <summary>Adds or replaces; a replaced key keeps its place in the eviction order.</summary>
    public BoundedMap<TKey, TValue> Set(TKey key, TValue value)
    {
        if (Items.ContainsKey(key)) return this with { Items = Items.SetItem(key, value) };
        var items = Items.Add(key, value);
        var order = Order.Enqueue(key);
        while (items.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            items = items.Remove(oldest);
        }
        return this with { Items = items, Order = order };
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> InInsertionOrder() => Order.Select(k => new KeyValuePair<TKey, TValue>(k, Items[k]));

    public static BoundedMap<TKey, TValue> From(int capacity, IEnumerable<KeyValuePair<TKey, TValue>> pairs) =>
        pairs.Aggregate(Empty(capacity), (map, p) => map.Set(p.Key, p.Value));
}
