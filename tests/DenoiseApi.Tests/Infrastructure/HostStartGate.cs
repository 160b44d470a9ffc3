using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>
/// Holds the app's own start until the test has begun waiting for it, so a start that fails is reported by its cause.
/// </summary>
/// <remarks>
/// WebApplicationFactory runs Program.cs on a thread of its own. Once that thread has built the host it goes on into
/// <c>app.Run()</c>, while the test's thread gets the host back and calls <c>IHost.Start</c> on it. That Start
/// (Microsoft.AspNetCore.Mvc.Testing 10.0's <c>DeferredHostBuilder.DeferredHost.StartAsync</c>) first
/// resolves <see cref="IHostApplicationLifetime"/> from the app's services, then waits for the app to start or for
/// Program.cs to end with an exception. If the app's start fails first (a bad setting stops it at validation),
/// <c>app.Run()</c> disposes the app's services, and the test's late Start throws
/// <see cref="ObjectDisposedException"/> ("IServiceProvider") instead of the validation message: a race that a busy
/// machine (other hosts starting in the same test process) loses now and then.
/// The gate wraps the app's <see cref="IHostLifetime"/>, whose <see cref="IHostLifetime.WaitForStartAsync"/> is the
/// first step of the app's start; it waits there until <see cref="Open"/>, which the test calls once it is waiting.
/// One gate serves one host (a factory builds one).
/// </remarks>
public sealed class HostStartGate
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the app's start has reached the gate (and waits there unless it is open).</summary>
    public Task AppArrived => _arrived.Task;

    /// <summary>Lets the app's start go on; harmless to call again.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Wraps the app's registered <see cref="IHostLifetime"/> (the console lifetime) in the gate.</summary>
    public void HoldStartOf(IServiceCollection services)
    {
        var index = LastIndexOfLifetime(services);
        if (index < 0) throw new InvalidOperationException("The app registers no IHostLifetime for the start gate to wrap.");
        var inner = services[index];
        // The container disposes what it creates; an instance registered from outside is left to its owner.
        var owned = inner.ImplementationInstance is null;
        services[index] = ServiceDescriptor.Singleton<IHostLifetime>(provider => new GatedLifetime(Create(inner, provider), owned, this));
    }

    private static int LastIndexOfLifetime(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostLifetime) && !services[i].IsKeyedService) return i;
        }
        return -1;
    }

    private static IHostLifetime Create(ServiceDescriptor descriptor, IServiceProvider provider) => descriptor switch
    {
        { ImplementationInstance: IHostLifetime instance } => instance,
        { ImplementationFactory: { } factory } => (IHostLifetime)factory(provider),
        { ImplementationType: { } type } => (IHostLifetime)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException($"Cannot create the app's IHostLifetime from {descriptor}."),
    };

    /// <summary>The app's lifetime, entered only through the gate; disposes the wrapped one when the container would have.</summary>
    private sealed class GatedLifetime(IHostLifetime inner, bool owned, HostStartGate gate) : IHostLifetime, IDisposable
    {
        public async Task WaitForStartAsync(CancellationToken cancellationToken)
        {
            gate._arrived.TrySetResult();
            await gate._open.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await inner.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        }

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public void Dispose()
        {
            if (owned) (inner as IDisposable)?.Dispose();
        }
    }
}
