using System.Text.Json.Nodes;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Checkpoints;

[TestClass]
public sealed class CheckpointFaultTests
{
    private static readonly TrainingConfig Config = new() { Model = ModelKind.LeNet, Epochs = 3, BatchSize = 16, TrainLimit = 64 };

    private static readonly Lazy<byte[]> Valid = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"lenet-{Guid.NewGuid():N}.bin");
        random.manual_seed(1);
        using var model = new LeNet();
        using var optimizer = optim.SGD(model.parameters(), 0.01, 0.9);
        Checkpoint.Save(path, model, optimizer, new TrainingState { Config = Config, History = new TrainingHistory() });
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    });

    [TestMethod]
    public void WriteFailingAtByteN_LeavesThePreviousCheckpointLoadableAndNoTemporaryFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File(Checkpoint.FileName);
        File.WriteAllBytes(path, Valid.Value);
        using var model = new LeNet();
        using var optimizer = optim.SGD(model.parameters(), 0.01, 0.9);
        var state = new TrainingState { Config = Config with { Seed = 99 }, History = new TrainingHistory(), Epoch = 2 };
        int length = Valid.Value.Length;
        foreach (long failAt in new long[] { 0, 1, 20, 25, 33, 34, 100, 1_000, length / 3, length / 2, length - 40, length - 33, length - 1 })
        {
            Assert.ThrowsExactly<IOException>(() => Checkpoint.Save(path, model, optimizer, state, stream => new FailingStream(stream, failAt)), $"fails at byte {failAt}");
            Assert.AreEqual(1, Checkpoint.ReadState(path).Epoch, $"after a failure at byte {failAt}, the previous checkpoint still loads");
            CollectionAssert.AreEqual(new[] { path }, Directory.GetFileSystemEntries(temp.Path), $"no temporary file after a failure at byte {failAt}");
        }

        Checkpoint.Save(path, model, optimizer, state);
        Assert.AreEqual(2, Checkpoint.ReadState(path).Epoch, "and a write that succeeds replaces it");
    }

    [TestMethod]
    public void ABitFlip_IsCaughtByTheChecksum_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] flipped = (byte[])Valid.Value.Clone();
        flipped[flipped.Length / 2] ^= 0x10;
        File.WriteAllBytes(temp.File("c.bin"), flipped);
        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.ReadState(temp.File("c.bin")));
        Assert.Contains("checksum mismatch", error.Message);
    }

    [TestMethod]
    public void AMalformedLengthPrefix_IsACheckpointError_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] bytes = (byte[])Valid.Value.Clone();
        bytes[0] = 0xFF;
        File.WriteAllBytes(temp.File("c.bin"), bytes);
        Assert.Contains("not an AlexNetMl checkpoint", Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.ReadState(temp.File("c.bin"))).Message);
    }

    [TestMethod]
    [DataRow("evaluation_batch_size", "0", "validation batch size must be between 1", DisplayName = "evaluation batch size 0 (looped forever)")]
    [DataRow("epoch", "2000000000", "out of range", DisplayName = "huge epoch (replayed billions of steps)")]
    [DataRow("config", "null", "has no config", DisplayName = "null config (NullReferenceException)")]
    [DataRow("batches_done", "-4", "out of range", DisplayName = "negative batch")]
    public void HeaderFieldsOutOfRange_AreRejected_Regression(string field, string value, string expected)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        (string state, byte[] rest) = CheckpointFiles.Split(CheckpointFiles.Payload(Valid.Value));
        JsonNode node = JsonNode.Parse(state)!;
        JsonNode target = field == "evaluation_batch_size" ? node["config"]! : node;
        target[field] = JsonNode.Parse(value);
        File.WriteAllBytes(temp.File("c.bin"), CheckpointFiles.Seal(CheckpointFiles.PayloadWithState(node.ToJsonString(), rest)));

        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.ReadState(temp.File("c.bin")));
        Assert.Contains(expected, error.Message);
    }

    [TestMethod]
    public void MutatedCheckpoints_FailOnlyWithCheckpointException()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        using var model = new LeNet();
        using var optimizer = optim.SGD(model.parameters(), 0.01, 0.9);
        void Load(byte[] bytes)
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                Checkpoint.Load(path, model, optimizer);
            }
            catch (CheckpointException)
            {
            }
        }

        byte[] payload = CheckpointFiles.Payload(Valid.Value);
        Fuzz.Check(Fuzz.Mutations(Valid.Value, header: 40), Load);
        // Mutations the checksum does not catch: the payload changed, then sealed with a right length and hash.
        Fuzz.Check(Fuzz.Mutations(payload, header: 600), mutated => Load(CheckpointFiles.Seal(mutated)));
    }
}
