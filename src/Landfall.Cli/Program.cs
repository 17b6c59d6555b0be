using Landfall.Cli;

return await CliApp.MainAsync(args).ConfigureAwait(false);
