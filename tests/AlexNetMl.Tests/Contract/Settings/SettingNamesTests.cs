using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Tests.Contract.Settings;

[TestClass]
public sealed class SettingNamesTests
{
    [TestMethod]
    public void Spellings_AreTheCommandLineOnes()
    {
        CollectionAssert.AreEqual(new[] { "alexnet", "alexnet-small", "alexnet-28", "lenet", "lenet-relu-dropout" }, SettingNames.All<ModelKind>());
        CollectionAssert.AreEqual(new[] { "fp32", "bf16" }, SettingNames.All<TrainingPrecision>());
        CollectionAssert.AreEqual(new[] { "auto", "cpu", "cuda" }, SettingNames.All<ComputeDevice>());
        Assert.AreEqual("int8", SettingNames.Of(ModelWeights.QuantizedInt8));
    }

    [TestMethod]
    public void Parse_IsCaseInsensitiveAndListsTheAllowedOnesOnError()
    {
        Assert.AreEqual(ModelKind.AlexNet28, SettingNames.Parse<ModelKind>("AlexNet-28", "--model"));
        var error = Assert.ThrowsExactly<ArgumentException>(() => SettingNames.Parse<TrainingPrecision>("fp16", "--precision"));
        Assert.AreEqual("--precision must be one of fp32, bf16 (got 'fp16').", error.Message);
    }

    [TestMethod]
    public void Json_UsesTheSameSpellings()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new TrainingConfig { Model = ModelKind.LeNetReluDropout, Precision = TrainingPrecision.Bf16 }, TrainingConfig.JsonOptions);
        Assert.Contains("\"model\": \"lenet-relu-dropout\"", json);
        Assert.Contains("\"precision\": \"bf16\"", json);
        Assert.Contains("\"lr_schedule\": \"constant\"", json);
    }
}
