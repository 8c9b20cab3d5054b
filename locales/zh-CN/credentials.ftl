# 阿里云凭据来源（`callboard check`，issue 14）。
check-credentials-config = {"  "}凭据：后端 { $backend } 的 access_key_id / access_key_secret{ $token ->
        [yes] {""}，带 STS 安全令牌
       *[no] {""}
    }
check-credentials-env = {"  "}凭据：环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET{ $token ->
        [yes] {""}，带 ALIBABA_CLOUD_SECURITY_TOKEN
       *[no] {""}
    }
check-credentials-profile = {"  "}凭据：{ $path } 中的配置 '{ $name }'（{ $mode }）
check-credentials-ecs = {"  "}凭据：元数据服务 { $url } 提供的 ECS 实例 RAM 角色 '{ $role }'
check-credentials-expires = {"  "}临时凭据，到期前自动更新（当前有效至 UTC { $until }）
