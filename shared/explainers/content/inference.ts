import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const inferenceExplainers = defineExplainers([
  {
    id: 'model-compression',
    title: { en: 'Model compression', 'zh-CN': '模型压缩' },
    summary: {
      en: 'Model compression makes a model smaller or cheaper to run: quantization stores weights and activations in fewer bits (FP8, INT8, INT4), pruning removes weights, and distillation trains a smaller model to imitate a larger one.',
      'zh-CN': '模型压缩让模型更小或运行更省：量化以更少的比特（FP8、INT8、INT4）存储权重和激活值，剪枝移除部分权重，蒸馏则训练一个小模型来模仿大模型。',
    },
    whyItMatters: {
      en: 'A model that fits on fewer GPUs leaves more replicas per GPU budget, which means more headroom to survive failures and more placement options during fail-over. Compression can cost accuracy, so it has to be evaluated, not assumed.',
      'zh-CN': '能用更少 GPU 装下的模型，在相同 GPU 预算下可以部署更多副本，意味着有更多余量应对故障、故障切换时也有更多放置选择。压缩可能损失精度，因此必须经过评估，而不能想当然。',
    },
    whereInBulwark: {
      en: 'Workloads shows each inference service’s precision and GPUs per replica; the fail-over preview uses GPUs per replica to decide where replicas fit.',
      'zh-CN': 'Workloads 页显示每个推理服务的精度及每个副本占用的 GPU 数；fail over 预览据此判断副本能放在哪里。',
    },
    whatToDo: {
      en: 'Keep a compressed variant of critical models ready as a fall-back when capacity is short after a failure, with its quality evaluated in advance. Roll out a new precision like any other change: canary first, compare quality and latency.',
      'zh-CN': '为关键模型准备一个已提前评估过质量的压缩版本，在故障后容量不足时作为降级方案。上线新的精度与其他变更一样：先金丝雀发布，再比较质量和延迟。',
    },
    related: ['kv-cache', 'inference-latency-slo', 'headroom-n-plus-1', 'power-energy', 'mig-partitioning'],
    sources: [SRC.gptq, SRC.distillation, SRC.deepCompression],
    keywords: ['quantization', 'FP8', 'INT8', 'INT4', 'pruning', 'distillation', 'compression', '量化', '剪枝', '蒸馏', '压缩'],
  },
  {
    id: 'kv-cache',
    title: { en: 'KV cache', 'zh-CN': 'KV 缓存（KV cache）' },
    summary: {
      en: 'During generation, a transformer keeps the attention keys and values of every token so far in GPU memory: the KV cache. Its size grows with context length and with the number of concurrent requests; servers such as vLLM manage it in pages (PagedAttention).',
      'zh-CN': '生成过程中，Transformer 会把此前每个 token 的注意力键和值保存在 GPU 显存中，这就是 KV 缓存。它的大小随上下文长度和并发请求数增长；vLLM 等推理服务以分页方式管理它（PagedAttention）。',
    },
    whyItMatters: {
      en: 'KV-cache memory, not compute, usually limits how many requests a replica can serve at once. When it runs out, requests queue or are preempted and latency jumps; when a replica dies, its in-flight requests and their caches are lost.',
      'zh-CN': '限制单个副本并发处理请求数的通常是 KV 缓存所占显存，而不是算力。缓存耗尽时，请求会排队或被抢占，延迟骤升；副本宕机时，其在途请求及对应缓存全部丢失。',
    },
    whereInBulwark: {
      en: 'Workloads shows GPU memory use and, where the server exports it, KV-cache utilisation for each inference replica.',
      'zh-CN': 'Workloads 页显示每个推理副本的显存使用情况，以及（若推理服务导出该指标）KV 缓存利用率。',
    },
    whatToDo: {
      en: 'Scale out before KV-cache use stays near full, because latency degrades sharply there. After a fail-over, expect the surviving replicas’ caches to fill quickly as retried requests arrive.',
      'zh-CN': '在 KV 缓存占用长期接近满载之前就扩容，因为一旦接近满载，延迟会急剧恶化。故障切换后，重试请求涌入，幸存副本的缓存会很快被填满，需提前预估。',
    },
    related: ['inference-latency-slo', 'autoscaling', 'model-compression', 'retries-error-masking'],
    sources: [SRC.pagedAttention, SRC.orca],
    keywords: ['KV cache', 'PagedAttention', 'vLLM', 'context length', 'continuous batching', 'batching', '键值缓存', '上下文长度', '连续批处理'],
  },
  {
    id: 'inference-latency-slo',
    title: { en: 'Inference latency SLOs', 'zh-CN': '推理延迟 SLO' },
    summary: {
      en: 'A service level objective (SLO) is a target for a measured indicator, for example "99% of requests get their first token within 1 s". LLM serving is usually judged on time to first token (TTFT), time per output token (TPOT) and error rate, at high percentiles.',
      'zh-CN': '服务等级目标（SLO）是针对某个可测量指标设定的目标，例如“99% 的请求在 1 秒内返回首个 token”。LLM 推理服务通常按高分位的首 token 延迟（TTFT）、每个输出 token 的耗时（TPOT）以及错误率来衡量。',
    },
    whyItMatters: {
      en: 'SLOs tell you how much capacity you can lose before users notice, and so how much headroom and redundancy you need. Averages hide trouble: a few slow GPUs can ruin the tail while the mean looks fine.',
      'zh-CN': 'SLO 告诉你在用户察觉之前可以失去多少容量，进而决定需要多少余量和冗余。平均值会掩盖问题：少数几块慢 GPU 就能拖垮长尾延迟，而平均值看上去一切正常。',
    },
    whereInBulwark: {
      en: 'Workloads shows each inference service’s latency percentiles against its objective; the drain, scale and fail-over previews estimate the effect of losing replicas.',
      'zh-CN': 'Workloads 页将每个推理服务的延迟分位数与其目标对比显示；drain、scale 和 fail over 预览会估算失去副本后的影响。',
    },
    whatToDo: {
      en: 'Before draining nodes that host inference, check that the remaining replicas keep the service within its objective at current load. When the tail degrades, look for one slow replica or GPU before scaling the whole service.',
      'zh-CN': 'drain 承载推理服务的节点前，确认剩余副本在当前负载下仍能满足目标。长尾延迟恶化时，先找是否有某个副本或 GPU 变慢，再考虑整体扩容。',
    },
    related: ['kv-cache', 'autoscaling', 'headroom-n-plus-1', 'stragglers', 'readiness-liveness-probes'],
    sources: [SRC.sreSlo, SRC.tailAtScale],
    keywords: ['SLO', 'SLI', 'latency', 'p99', 'TTFT', 'TPOT', 'tail latency', 'error budget', '延迟', '服务等级目标', '长尾', '首 token'],
  },
]);
