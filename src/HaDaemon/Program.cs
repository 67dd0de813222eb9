return HaDaemon.Operations.OperationsCommands.TryRun(args, Console.Out, Console.Error)
    ?? await HaDaemon.Hosting.DaemonProgram.RunAsync(args);
