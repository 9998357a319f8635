namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// What a contact center configures per tenant. Decisions read it; events record the outcome,
/// so replay never depends on the policy in force later.
/// </summary>
/// <param name="ReopenWindow">A contact message this soon after Done reopens the last interaction; later it starts a new one.</param>
/// <param name="IdleAlertAfter">Raise an idle alert when an active session has been silent this long (null: off).</param>
/// <param name="IdleCloseAfter">End an active session silent this long (null: off).</param>
/// <param name="WriteAfterDone">
/// After Done, an agent's message (or notification) starts the next interaction and sends in one call; false: 409, reactivate first.
/// </param>
/// <param name="WrapUp">The tenant's wrap-up codes and whether Done needs one (null: no codes, none required).</param>
public sealed record TenantPolicy(TimeSpan ReopenWindow, TimeSpan? IdleAlertAfter, TimeSpan? IdleCloseAfter, bool WriteAfterDone = false,
    WrapUpPolicy? WrapUp = null)
{

    public static readonly TenantPolicy Default = new(
        ReopenWindow: TimeSpan.FromMinutes(30),
        IdleAlertAfter: TimeSpan.FromMinutes(5),
        IdleCloseAfter: TimeSpan.FromMinutes(15));
}

/// <summary>Looks up the policy a tenant configured (config/tenants); unknown tenants get the default.</summary>
public interface ITenantPolicies
{
    TenantPolicy For(string tenant);
}

public sealed class FixedTenantPolicies(TenantPolicy policy) : ITenantPolicies
{
    public static readonly FixedTenantPolicies Default = new(TenantPolicy.Default);
    public TenantPolicy For(string tenant) => policy;
}
