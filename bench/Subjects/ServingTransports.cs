using System.Buffers.Binary;
using System.Net.Http.Json;

using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Serving.Grpc.Wire;
using AlexNetMl.Inference.Serving.OpenInference;
using AlexNetMl.Inference.Serving.Scoring;
using Google.Protobuf;
using Grpc.Net.Client;

namespace AlexNetMl.Bench.Subjects;

/// <summary>One batch of images as each transport of the protocol sends it: JSON, binary tensor data, gRPC raw contents.</summary>
internal sealed class ServingTransports : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcChannel _channel;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _grpc;
    private readonly string _path;
    private readonly byte[] _json;
    private readonly byte[] _binary;
    private readonly int _binaryHeader;
    private readonly ModelInferRequest _grpcRequest;

    public ServingTransports(Uri rest, Uri grpc, ModelContract contract, int batch, float[] images)
    {
        _http = new HttpClient { BaseAddress = rest, Timeout = TimeSpan.FromMinutes(1) };
        _channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        _grpc = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        _path = $"/v2/models/{contract.ModelName}/infer";
        long[] shape = [batch, contract.InputChannels, contract.InputHeight, contract.InputWidth];
        _json = JsonSerializer.SerializeToUtf8Bytes(new { inputs = new[] { new { name = contract.InputName, shape, datatype = OnnxInference.Fp32, data = images } } });

        byte[] raw = new byte[images.Length * sizeof(float)];
        for (int i = 0; i < images.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), images[i]);
        }

        byte[] header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = contract.InputName, shape, datatype = OnnxInference.Fp32, parameters = new { binary_data_size = raw.Length } } },
            outputs = new[] { new { name = contract.ProbabilitiesName, parameters = new { binary_data = true } } },
        });
        (_binary, _binaryHeader) = ([.. header, .. raw], header.Length);

        _grpcRequest = new ModelInferRequest
        {
            ModelName = contract.ModelName,
            Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = contract.InputName, Datatype = OnnxInference.Fp32, Shape = { shape } } },
            Outputs = { new ModelInferRequest.Types.InferRequestedOutputTensor { Name = contract.ProbabilitiesName } },
            RawInputContents = { ByteString.CopyFrom(raw) },
        };
    }

    public async Task JsonAsync()
    {
        using var content = new ByteArrayContent(_json) { Headers = { ContentType = new("application/json") } };
        using HttpResponseMessage response = await _http.PostAsync(_path, content);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task BinaryAsync()
    {
        using var content = new ByteArrayContent(_binary) { Headers = { ContentType = new("application/octet-stream") } };
        content.Headers.Add(RestInferBody.HeaderLength, _binaryHeader.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpResponseMessage response = await _http.PostAsync(_path, content);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }

    public async Task GrpcAsync() => _ = await _grpc.ModelInferAsync(_grpcRequest);

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
    }
}
