using System.CommandLine;

namespace Gatehouse.Server.Cli;

/// <summary>Options every client verb shares. One instance each, added to every verb that takes it.</summary>
internal static class CliOptions
{
    public static Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "A PEM CA certificate to trust for the server, besides the system's (also GATEHOUSE_CA_FILE)",
    };

    public static Option<bool> Batch { get; } = new("--batch")
    {
        Description = "Never prompt: use flags and defaults, accept confirmations",
    };

    public static Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Answer yes to confirmations (same as --batch)" };

    public static Option<bool> Json { get; } = new("--json") { Description = "Print the server's JSON, for scripts" };

    public static Option<bool> AllowHttp { get; } = new("--allow-http")
    {
        Description = "Allow an http:// org URL (tests only: the API token would travel in clear)",
    };

    /// <summary>A verb with the shared options (and <c>--json</c> for read verbs).</summary>
    public static Command Verb(string name, string description, bool reads = false)
    {
        var command = new Command(name, description) { CaFile, Batch, Yes };
        if (reads)
        {
            command.Options.Add(Json);
        }

        return command;
    }
}
