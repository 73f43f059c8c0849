using System.CommandLine;

using Gatehouse.Server.Cli.Apps;
using Gatehouse.Server.Cli.Groups;
using Gatehouse.Server.Cli.Login;
using Gatehouse.Server.Cli.Logs;
using Gatehouse.Server.Cli.Register;
using Gatehouse.Server.Cli.Users;
using Gatehouse.Server.Hosting;

namespace Gatehouse.Server.Cli;

/// <summary>
/// The <c>gatehouse</c> command line: the server verbs (<c>serve</c>, <c>keys</c>, <c>db</c>, <c>export</c>, <c>import</c>) and the client verbs that drive
/// a server, or an Okta org, over the management API (Okta's CLI, okta-reference.md §4). One executable, one .NET tool.
/// </summary>
internal static class GatehouseCli
{
    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var root = new RootCommand("Gatehouse: a self-hosted, Okta-compatible OpenID Connect identity provider.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(Hosting.OrgTransfer.OrgTransferCommands.CreateExport());
        root.Subcommands.Add(Hosting.OrgTransfer.OrgTransferCommands.CreateImport());
        root.Subcommands.Add(RegisterCommand.Create(environment));
        root.Subcommands.Add(LoginCommand.Create(environment));
        root.Subcommands.Add(AppsCommand.Create(environment));
        root.Subcommands.Add(UsersCommand.Create(environment));
        root.Subcommands.Add(GroupsCommand.Create(environment));
        root.Subcommands.Add(LogsCommand.Create(environment));
        return root;
    }
}
