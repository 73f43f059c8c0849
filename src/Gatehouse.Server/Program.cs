using System.CommandLine;

using Gatehouse.Server.Hosting;

var root = new RootCommand("Gatehouse: a self-hosted, Okta-compatible OpenID Connect identity provider.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
return await root.Parse(args).InvokeAsync();
