using Gatehouse.Server.Cli;

var environment = CliEnvironment.FromProcess();
return await GatehouseCli.CreateRoot(environment).Parse(args).InvokeAsync();
