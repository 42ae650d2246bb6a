using System.CommandLine;
using System.Globalization;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Cli;

namespace AlexNetMl.Tests.Training.Cli;

[TestClass]
public sealed class TrainSettingsTests
{
    // Regression: --ema was a declared option that NewConfig never read, so a run asked for an average trained without one.
    [TestMethod]
    public void EveryNumericHyperparameterFlag_SetsTheFieldItIsComparedWith()
    {
        var options = new TrainOptions();
        var root = new RootCommand();
        options.AddTo(root);
        var numeric = options.Hyperparameters.Where(h => h.Option is Option<double?> or Option<int?>).ToList();
        Assert.IsGreaterThanOrEqualTo(10, numeric.Count, "the numeric flags: --epochs, --batch-size, --lr, --ema and the rest");
        foreach ((Option option, Func<TrainingConfig, object?> current) in numeric)
        {
            // A value no profile uses and every numeric flag accepts.
            object given = option is Option<double?> ? 0.125 : 7;
            ParseResult parse = root.Parse([option.Name, Convert.ToString(given, CultureInfo.InvariantCulture)!]);
            Assert.IsEmpty(parse.Errors, option.Name);
            TrainingConfig config = new TrainSettings(parse, options).NewConfig();
            Assert.AreEqual(Convert.ToDouble(given, CultureInfo.InvariantCulture), Convert.ToDouble(current(config), CultureInfo.InvariantCulture), $"{option.Name} did not reach the config");
        }
    }
}
