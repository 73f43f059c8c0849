using Gatehouse.Server.Protocol.Dispatch;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Tests.Protocol;

/// <summary>
/// Gatehouse's dispatcher (Protocol/Dispatch/IndexedServerDispatcher) must run exactly the handlers OpenIddict's own
/// dispatcher runs, in the same order: same event type only, filters asked per event, and nothing after the handler
/// that skips, handles or rejects. Both dispatch the same events over the same handlers here and must agree.
/// </summary>
public sealed class IndexedServerDispatcherTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task SameHandlersInSameOrderAsOpenIddict(bool filterOpen, bool skip)
    {
        var ours = await RunAsync((logger, options, provider) => new IndexedServerDispatcher(NullLogger<IndexedServerDispatcher>.Instance, options, provider), filterOpen, skip);
        var openIddicts = await RunAsync((logger, options, provider) => new OpenIddictServerDispatcher(logger, options, provider), filterOpen, skip);

        Assert.Equal(openIddicts, ours);
        Assert.Equal(filterOpen, ours.Contains("filtered"));
        Assert.Equal(!skip, ours.Contains("last"));
        Assert.DoesNotContain("error-event", ours);
    }

    [Fact]
    public async Task HandlersAddedLater_AreDispatchedToo()
    {
        var calls = new Calls();
        await using var provider = Services(calls, filterOpen: true, skip: false);
        var options = provider.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>();
        var dispatcher = new IndexedServerDispatcher(NullLogger<IndexedServerDispatcher>.Instance, options, provider);
        await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
        var first = calls.ToList();

        options.CurrentValue.Handlers.Add(Recording(calls, "added", 5_000));
        calls.Clear();
        await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));

        Assert.Equal([.. first, "added"], calls);
    }

    [Fact]
    public async Task ScopedHandlers_ComeFromEachRequestsScope()
    {
        var services = new ServiceCollection();
        var seen = new List<Counted>();
        services.AddSingleton(seen);
        services.AddScoped<Counted>();
        services.AddOptions<OpenIddictServerOptions>().Configure(options =>
        {
            options.Handlers.Clear();
            options.Handlers.Add(OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>().UseScopedHandler<Counted>().Build());
        });
        await using var root = services.BuildServiceProvider();
        var options = root.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>();

        for (var request = 0; request < 2; request++)
        {
            await using var scope = root.CreateAsyncScope();
            var dispatcher = new IndexedServerDispatcher(NullLogger<IndexedServerDispatcher>.Instance, options, scope.ServiceProvider);
            await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
            await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
        }

        Assert.Equal(4, seen.Count);
        Assert.Same(seen[0], seen[1]);
        Assert.Same(seen[2], seen[3]);
        Assert.NotSame(seen[0], seen[2]);
    }

    [Fact]
    public async Task GatehouseUsesIt()
    {
        await using var server = await GatehouseServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();

        Assert.IsType<IndexedServerDispatcher>(scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>());
    }

    private static async Task<List<string>> RunAsync(
        Func<Microsoft.Extensions.Logging.ILogger<OpenIddictServerDispatcher>, IOptionsMonitor<OpenIddictServerOptions>, IServiceProvider, IOpenIddictServerDispatcher> create,
        bool filterOpen,
        bool skip)
    {
        var calls = new Calls();
        await using var provider = Services(calls, filterOpen, skip);
        var dispatcher = create(NullLogger<OpenIddictServerDispatcher>.Instance, provider.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>(), provider);
        await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
        await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
        return [.. calls];
    }

    private static ServiceProvider Services(Calls calls, bool filterOpen, bool skip)
    {
        var services = new ServiceCollection();
        services.AddSingleton(calls);
        services.AddSingleton(new Gate(filterOpen, skip));
        services.AddSingleton<GateFilter>();
        services.AddSingleton<Skipping>();
        services.AddOptions<OpenIddictServerOptions>().Configure(options =>
        {
            // Only these handlers (the options start with OpenIddict's defaults). OpenIddict sorts its handlers by
            // order when it builds its options; these are listed sorted.
            options.Handlers.Clear();
            options.Handlers.Add(Recording(calls, "first", 100));
            options.Handlers.Add(OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
                .UseInlineHandler(context =>
                {
                    calls.Add("error-event");
                    return ValueTask.CompletedTask;
                })
                .SetOrder(150).Build());
            options.Handlers.Add(Recording(calls, "filtered", 200, gated: true));
            // Resolved from the services, not an instance on the descriptor.
            options.Handlers.Add(OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
                .UseSingletonHandler<Skipping>().SetOrder(300).Build());
            options.Handlers.Add(Recording(calls, "last", 400));
        });
        return services.BuildServiceProvider();
    }

    private static OpenIddictServerHandlerDescriptor Recording(Calls calls, string name, int order, bool gated = false)
    {
        var builder = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseInlineHandler(context =>
            {
                calls.Add(name);
                return ValueTask.CompletedTask;
            })
            .SetOrder(order);
        return (gated ? builder.AddFilter<GateFilter>() : builder).Build();
    }

    private sealed class Calls : List<string>;

    private sealed class Counted(List<Counted> seen) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            seen.Add(this);
            return ValueTask.CompletedTask;
        }
    }

    private sealed record Gate(bool FilterOpen, bool Skip);

    private sealed class GateFilter(Gate gate) : IOpenIddictServerHandlerFilter<ProcessRequestContext>
    {
        public ValueTask<bool> IsActiveAsync(ProcessRequestContext context) => ValueTask.FromResult(gate.FilterOpen);
    }

    private sealed class Skipping(Gate gate, Calls calls) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            calls.Add("skipping");
            if (gate.Skip)
            {
                context.SkipRequest();
            }

            return ValueTask.CompletedTask;
        }
    }
}
