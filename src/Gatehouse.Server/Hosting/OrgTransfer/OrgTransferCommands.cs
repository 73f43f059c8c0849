using System.CommandLine;
using System.Text.Json;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// <c>gatehouse export</c> and <c>gatehouse import</c>: server-side verbs on the configured database (like
/// <c>db migrate</c>), with the same configuration as <c>serve</c>. docs/export-import.md describes the file.
/// </summary>
internal static class OrgTransferCommands
{
    public static IServiceCollection AddGatehouseOrgTransfer(this IServiceCollection services)
    {
        services.AddScoped<OrgExporter>();
        services.AddScoped<OrgImporter>();
        services.AddScoped<AppImport>();
        services.AddScoped<AuthorizationServerImport>();
        return services;
    }

    public static Command CreateExport()
    {
        var dataDir = DataDirOption();
        var output = new Option<FileInfo>("--out") { Description = "File to write (created owner-only, mode 0600)", Required = true };
        var includeKeys = new Option<bool>("--include-keys")
        {
            Description = "Also write the private signing keys and the client secret values: the file is then as sensitive as the server",
        };
        var command = new Command("export", "Write the org (users, groups, apps, authorization servers, trusted origins) to a JSON file.")
        {
            dataDir, output, includeKeys,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = await StartServicesAsync(parseResult.GetValue(dataDir), cancellationToken);
            return await ExportAsync(app.Services, parseResult.GetValue(output)!.FullName, parseResult.GetValue(includeKeys), Console.Out, cancellationToken);
        });
        return command;
    }

    public static Command CreateImport()
    {
        var dataDir = DataDirOption();
        var input = new Option<FileInfo>("--in") { Description = "File written by `gatehouse export`", Required = true };
        var command = new Command("import", "Load an exported org into this server's database; importing the same file again changes nothing.")
        {
            dataDir, input,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = await StartServicesAsync(parseResult.GetValue(dataDir), cancellationToken);
            return await ImportAsync(app.Services, parseResult.GetValue(input)!.FullName, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>The export's work, callable from tests on a running server's services.</summary>
    public static async Task<int> ExportAsync(IServiceProvider services, string path, bool includeKeys, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var document = await scope.ServiceProvider.GetRequiredService<OrgExporter>().ExportAsync(includeKeys, cancellationToken);

        // Owner-only from the first byte: password hashes are in it, and with --include-keys private keys and secrets.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        {
            await JsonSerializer.SerializeAsync(stream, document, OrgExportDocument.JsonOptions, cancellationToken);
        }

        await output.WriteLineAsync(
            $"Exported {document.Users.Count} user(s), {document.Groups.Count} group(s), {document.Apps.Count} app(s), " +
            $"{document.AuthorizationServers.Count} authorization server(s), {document.TrustedOrigins.Count} trusted origin(s)" +
            (includeKeys ? $" and {document.SigningKeys!.Count} signing key(s) with the client secret values to {path}. Keep this file secret." : $" to {path}."));
        return 0;
    }

    /// <summary>The import's work, callable from tests on a running server's services.</summary>
    public static async Task<int> ImportAsync(IServiceProvider services, string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        OrgExportDocument? document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonSerializer.DeserializeAsync<OrgExportDocument>(stream, OrgExportDocument.JsonOptions, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read {path}: {exception.Message}");
            return 1;
        }

        if (document is null)
        {
            await error.WriteLineAsync($"{path} is empty.");
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        ImportSummary summary;
        try
        {
            summary = await scope.ServiceProvider.GetRequiredService<OrgImporter>().ImportAsync(document, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return 1;
        }

        foreach (var change in summary.Changes)
        {
            await output.WriteLineAsync("  " + change);
        }

        foreach (var warning in summary.Warnings)
        {
            await error.WriteLineAsync("warning: " + warning);
        }

        await output.WriteLineAsync($"Imported {path}: {summary}");
        return 0;
    }

    private static Option<string?> DataDirOption() => new("--data-dir") { Description = "Data directory of the server. Default ./.gatehouse" };

    /// <summary>The server's services on its database (migrated, keys loaded) without listening.</summary>
    private static async Task<WebApplication> StartServicesAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        if (dataDirectory is { Length: > 0 })
        {
            settings[$"{GatehouseOptions.SectionName}:{nameof(GatehouseOptions.DataDirectory)}"] = dataDirectory;
        }

        var app = GatehouseApplication.Build(settings);
        await app.Services.GetRequiredService<GatehouseInitializer>().InitializeAsync(cancellationToken);
        return app;
    }
}
