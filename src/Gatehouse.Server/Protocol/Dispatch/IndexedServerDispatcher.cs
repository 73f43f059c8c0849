using System.Runtime.CompilerServices;

using Microsoft.Extensions.Options;

using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Dispatch;

/// <summary>
/// OpenIddict's event dispatcher with the handler list indexed by event type. OpenIddict's own dispatcher walks every
/// registered handler descriptor (several hundred) on each of the ≈ 20 events of a request to find the few of that
/// event's type, and resolves every handler from the services: dispatching was ≈ 8 % of a token request's CPU in a
/// profile, ≈ 6 % with this one (docs/performance.md). This one computes each event type's descriptors once per
/// options instance, keeps singleton handlers, and otherwise does what OpenIddict's does: the same handlers, in the
/// same order, filtered per event through the request's services, and it stops after the handler that handles, skips
/// or rejects the request. <c>Protocol/IndexedServerDispatcherTests</c> (tests) compares both.
/// </summary>
internal sealed partial class IndexedServerDispatcher(
    ILogger<IndexedServerDispatcher> logger,
    IOptionsMonitor<OpenIddictServerOptions> options,
    IServiceProvider provider) : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = HandlersOf<TContext>.In(options.CurrentValue.Handlers);
        for (var position = 0; position < index.Descriptors.Length; position++)
        {
            if (!await IsActiveAsync(index.Descriptors[position], context))
            {
                continue;
            }

            var handler = index.Singletons[position] ?? Resolve(index, position);
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (logger.IsEnabled(LogLevel.Debug))
            {
                LogHandlerFailed(logger, exception, handler.GetType().FullName, typeof(TContext).FullName);
                throw;
            }

            if (IsFinished(context))
            {
                LogDispatchStopped(logger, typeof(TContext).FullName, handler.GetType().FullName);
                return;
            }
        }
    }

    private static bool IsFinished(BaseContext context) => context switch
    {
        BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true } => true,
        BaseValidatingContext { IsRejected: true } => true,
        _ => false,
    };

    private async ValueTask<bool> IsActiveAsync<TContext>(OpenIddictServerHandlerDescriptor descriptor, TContext context)
        where TContext : BaseContext
    {
        foreach (var filterType in descriptor.FilterTypes)
        {
            if (provider.GetService(filterType) is not IOpenIddictServerHandlerFilter<TContext> filter)
            {
                throw new InvalidOperationException($"The event handler filter '{filterType}' is not registered in the services.");
            }

            if (!await filter.IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The handler from the request's services, as OpenIddict resolves it. A singleton is the same instance in every
    /// scope of these services (their options are this index's key), so it is kept for the next events.
    /// </summary>
    private IOpenIddictServerHandler<TContext> Resolve<TContext>(HandlerIndex<TContext> index, int position)
        where TContext : BaseContext
    {
        var descriptor = index.Descriptors[position].ServiceDescriptor;
        var handler = descriptor.ImplementationInstance as IOpenIddictServerHandler<TContext>
            ?? provider.GetService(descriptor.ServiceType) as IOpenIddictServerHandler<TContext>
            ?? throw new InvalidOperationException($"The event handler '{descriptor.ServiceType}' is not registered in the services.");
        if (descriptor.Lifetime == ServiceLifetime.Singleton)
        {
            index.Singletons[position] = handler;
        }

        return handler;
    }

    /// <summary>
    /// The descriptors of one event type, in the options' order (OpenIddict sorts them when the options are built),
    /// computed once per options' handler list. A list whose length changed afterwards is indexed again.
    /// </summary>
    private static class HandlersOf<TContext> where TContext : BaseContext
    {
        private static readonly ConditionalWeakTable<List<OpenIddictServerHandlerDescriptor>, HandlerIndex<TContext>> Indexes = [];

        public static HandlerIndex<TContext> In(List<OpenIddictServerHandlerDescriptor> all)
        {
            if (Indexes.TryGetValue(all, out var index) && index.SourceCount == all.Count)
            {
                return index;
            }

            OpenIddictServerHandlerDescriptor[] descriptors = [.. all.Where(descriptor => descriptor.ContextType == typeof(TContext))];
            index = new HandlerIndex<TContext>(all.Count, descriptors, new IOpenIddictServerHandler<TContext>?[descriptors.Length]);
            Indexes.AddOrUpdate(all, index);
            return index;
        }
    }

    /// <summary>One event type's descriptors and, once resolved, its singleton handlers (null: resolve per event).</summary>
    private sealed record HandlerIndex<TContext>(
        int SourceCount,
        OpenIddictServerHandlerDescriptor[] Descriptors,
        IOpenIddictServerHandler<TContext>?[] Singletons) where TContext : BaseContext;

    [LoggerMessage(Level = LogLevel.Debug, Message = "An exception was thrown by {Handler} while handling the {Event} event.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string? handler, string? @event);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The processing of the {Event} event was stopped by {Handler}.")]
    private static partial void LogDispatchStopped(ILogger logger, string? @event, string? handler);
}
